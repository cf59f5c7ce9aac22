package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * One column of a {@link RelationMessage}, in table order (dropped and generated columns are left out by
 * PostgreSQL, as they are from the tuples).
 *
 * @param key whether the column is part of the replica identity (flag bit 1)
 * @param name the column's name
 * @param typeOid the oid of its data type ({@code pg_type.oid})
 * @param typeModifier its type modifier ({@code atttypmod}), -1 when none
 */
public record RelationColumn(boolean key, String name, long typeOid, int typeModifier) {}
