package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * Type ({@code Y}): names a data type that is not built in (an enum, a domain, an extension's type) before a
 * relation that uses it.
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param typeOid the type's oid
 * @param namespace its schema ({@code pg_catalog} where the wire has an empty string)
 * @param name its name
 */
public record TypeMessage(long xid, long typeOid, String namespace, String name) implements PgOutputMessage {
  @Override
  public char type() {
    return 'Y';
  }
}
