package io.planetscale.cdc.kafka.connect;

/**
 * What one column of a table version is in Connect terms; equal specs give equal Connect schemas, so
 * shards whose columns are equal share a table version.
 *
 * @param name the column name
 * @param kind how its values convert
 * @param optional whether the Connect field is optional (every non-key column; key columns unless NOT NULL)
 * @param key whether the column is part of the primary key
 * @param scale the decimal scale of a {@link ColumnKind#DECIMAL}, else 0
 * @param precision the decimal precision of a {@link ColumnKind#DECIMAL} when known, else 0
 * @param bits the width of a {@link ColumnKind#BITS}, else 0
 * @param logicalName the Debezium schema name ({@code io.debezium.data.Json}, ...), or null
 * @param allowed the comma-separated labels of an ENUM or SET, or null
 */
record ColumnSpec(String name, ColumnKind kind, boolean optional, boolean key, int scale, int precision, int bits,
    String logicalName, String allowed) {}
