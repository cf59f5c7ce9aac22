package io.planetscale.cdc.postgres;

/**
 * Turns a PostgreSQL value in its text output form (what pgoutput sends and what {@code ::text} gives in a
 * snapshot) into the JSON-compatible Java value a record carries.
 */
@FunctionalInterface
interface ValueConverter {
  /**
   * Converts one value.
   *
   * @param typeOid the column's type ({@code pg_type.oid})
   * @param text the value's text form, never null (SQL NULL is not converted)
   * @return the value
   */
  Object convert(long typeOid, String text);
}
