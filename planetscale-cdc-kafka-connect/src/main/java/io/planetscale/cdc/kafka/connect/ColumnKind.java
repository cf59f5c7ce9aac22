package io.planetscale.cdc.kafka.connect;

/**
 * How the values of one column go from the SDK's Java values (see {@link io.planetscale.cdc.Values#convert})
 * to Connect values: chosen once per column and table version by {@link ConnectSchemas}, run per value by
 * {@link ConnectValues}.
 */
enum ColumnKind {
  /** TINYINT: a {@code Long} to {@code Byte}. */
  INT8,
  /** SMALLINT, TINYINT UNSIGNED: to {@code Short}. */
  INT16,
  /** INT, MEDIUMINT (signed or not), SMALLINT UNSIGNED, YEAR: to {@code Integer}. */
  INT32,
  /** BIGINT, INT UNSIGNED: to {@code Long}. */
  INT64,
  /** DECIMAL and BIGINT UNSIGNED: to a {@code BigDecimal} at the schema's scale. */
  DECIMAL,
  /** {@code tinyint(1)} or {@code bit(1)} the catalog declares boolean: to {@code Boolean}. */
  BOOLEAN,
  /** FLOAT: to {@code Float}. */
  FLOAT32,
  /** DOUBLE: to {@code Double}. */
  FLOAT64,
  /** DATE ({@code YYYY-MM-DD}): to a {@code java.util.Date} at midnight UTC; zero dates are null. */
  DATE,
  /** DATETIME, TIMESTAMP (RFC 3339 text): to a {@code java.util.Date}, milliseconds. */
  TIMESTAMP,
  /** TIME ({@code [-]HHH:MM:SS[.f]}): to a {@code java.util.Date} of the time of day; one day at most. */
  TIME,
  /** Text, ENUM, SET, JSON: the {@code String} as it is. */
  STRING,
  /** Binary-collation BLOB/BINARY/VARBINARY, GEOMETRY, VECTOR: the Base64 text decoded to bytes. */
  BYTES,
  /** BIT(n), n &gt; 1: the number to little-endian bytes, as Debezium's {@code io.debezium.data.Bits}. */
  BITS
}
