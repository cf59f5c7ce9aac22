/**
 * Change data capture from PlanetScale Postgres (PostgreSQL 17 and 18) over logical replication with the
 * built-in {@code pgoutput} plugin.
 *
 * <p><b>Discovery.</b> The tables of {@link io.planetscale.cdc.postgres.PostgresSource#schema()} (ordinary and
 * partitioned tables, not views or partitions), or of the source's publication (its column lists honoured;
 * tables of other schemas are named {@code schema.table}). Columns come in ordinal order, the primary key in key
 * order; a column is nullable unless NOT NULL. Generated columns are listed only when a publication sends them.
 *
 * <p><b>Types.</b> Each column's JSON schema type and the Java value its records carry (the same whether the
 * row came from the snapshot or from the stream):
 *
 * <table>
 *   <caption>PostgreSQL types and their values</caption>
 *   <tr><th>PostgreSQL</th><th>JSON schema</th><th>Value</th></tr>
 *   <tr><td>int2, int4, int8</td><td>integer</td><td>{@code Long}</td></tr>
 *   <tr><td>numeric</td><td>number (always nullable)</td><td>{@code BigDecimal}, exact, as the Vitess side
 *       gives DECIMAL; NaN, Infinity and -Infinity, which JSON numbers cannot express, are null</td></tr>
 *   <tr><td>float4, float8</td><td>number (always nullable)</td><td>{@code Double} of the server's shortest
 *       text; NaN and ±Infinity are null</td></tr>
 *   <tr><td>bool</td><td>boolean</td><td>{@code Boolean}</td></tr>
 *   <tr><td>text, varchar, char/bpchar, name, citext, uuid, enums</td><td>string</td><td>the text</td></tr>
 *   <tr><td>json, jsonb</td><td>string</td><td>the document's text (jsonb normalised by the server); a string,
 *       as the Vitess side emits JSON columns, so one catalog shape serves both</td></tr>
 *   <tr><td>bytea</td><td>string</td><td>standard Base64 of the bytes, as the Vitess side does binary</td></tr>
 *   <tr><td>date</td><td>string, format date (always nullable)</td><td>{@code YYYY-MM-DD}; ±infinity and BC
 *       dates are null</td></tr>
 *   <tr><td>time, timetz</td><td>string, format time</td><td>{@code HH:MM:SS[.ffffff]}, timetz with
 *       {@code ±HH:MM}</td></tr>
 *   <tr><td>timestamp, timestamptz</td><td>string, format date-time (always nullable)</td><td>
 *       {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z}: timestamptz as the instant in UTC whatever the session's
 *       TimeZone, timestamp taken as UTC (as the Vitess side does DATETIME); ±infinity and BC are null</td></tr>
 *   <tr><td>interval</td><td>string</td><td>ISO 8601 as the server's iso_8601 IntervalStyle prints it, e.g.
 *       {@code P1Y2M3DT4H5M6S}, also from sessions in the default postgres style</td></tr>
 *   <tr><td>arrays</td><td>array</td><td>a {@code List} of the element type's values, nested per
 *       dimension</td></tr>
 *   <tr><td>domains</td><td colspan="2">as their base type</td></tr>
 *   <tr><td>anything else</td><td>string</td><td>the server's text output</td></tr>
 * </table>
 *
 * <p><b>Conversion when read.</b> A record's {@code data} and {@code before} keep the values' text as the server
 * sent it and convert the whole row the first time the sink reads a value (names, size and {@code containsKey}
 * need no conversion), as the Vitess side's records do: a sink that forwards or counts records pays nothing for
 * the values. A value that does not convert (the server's own text output always does; this guards against a
 * type the SDK misreads) throws {@link io.planetscale.cdc.SchemaMismatchException} naming the stream, the column
 * and the record's position, from that read and every later one.
 */
package io.planetscale.cdc.postgres;
