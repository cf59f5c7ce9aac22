package io.planetscale.cdc.postgres;

import io.planetscale.cdc.StreamProperty;

/**
 * How a column's values are represented, decided once per column from its (base) PostgreSQL type: the JSON
 * schema of the column and the conversion {@link PgValues} applies. Domains take their base type's kind;
 * enums, uuid, the character types and every type without a better JSON form are {@link #TEXT}.
 */
enum PgValueKind {
  /** int2, int4, int8 (and oid): {@code Long}. */
  INTEGER("integer", null, false),
  /** numeric: exact {@code BigDecimal}; NaN and ±Infinity become null (JSON has no number for them). */
  NUMERIC("number", null, true),
  /** float4, float8: {@code Double}; NaN and ±Infinity become null. */
  FLOAT("number", null, true),
  /** bool: {@code Boolean}. */
  BOOLEAN("boolean", null, false),
  /** Character types, uuid, enums and anything else: the server's text. */
  TEXT("string", null, false),
  /** json, jsonb: the document's text, as the Vitess side emits JSON columns. */
  JSON("string", null, false),
  /** bytea: standard Base64 of the bytes, as the Vitess side emits binary columns. */
  BYTEA("string", null, false),
  /** date: {@code YYYY-MM-DD}; ±infinity and BC dates become null. */
  DATE("string", "date", true),
  /** time: {@code HH:MM:SS[.ffffff]}. */
  TIME("string", "time", false),
  /** timetz: {@code HH:MM:SS[.ffffff]±HH:MM}. */
  TIMETZ("string", "time", false),
  /** timestamp: {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z} (taken as UTC, as the Vitess side does DATETIME). */
  TIMESTAMP("string", "date-time", true),
  /** timestamptz: the instant in UTC, {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z}. */
  TIMESTAMPTZ("string", "date-time", true),
  /** interval: ISO 8601 duration text as the server's iso_8601 style prints it, e.g. {@code P1Y2M3DT4H5M6S}. */
  INTERVAL("string", null, false),
  /** Any array: a {@code List} (nested for several dimensions) of the element kind's values. */
  ARRAY("array", null, false);

  private final String jsonType;
  private final String format;
  private final boolean specialValuesBecomeNull;

  PgValueKind(String jsonType, String format, boolean specialValuesBecomeNull) {
    this.jsonType = jsonType;
    this.format = format;
    this.specialValuesBecomeNull = specialValuesBecomeNull;
  }

  /**
   * The column's JSON schema. Types with values JSON cannot carry (NaN, infinity, BC dates) always admit
   * null, even for a NOT NULL column, because those values are emitted as null.
   */
  StreamProperty property(boolean nullable) {
    boolean withNull = nullable || specialValuesBecomeNull;
    String[] types = withNull ? new String[] {"null", jsonType} : new String[] {jsonType};
    return format == null ? StreamProperty.of(types) : StreamProperty.withFormat(format, types);
  }
}
