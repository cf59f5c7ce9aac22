package io.planetscale.cdc.postgres;

import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Converts PostgreSQL values to the SDK's JSON-compatible Java values, the same way from a pgoutput tuple
 * (the stream) and from a JDBC result set (the snapshot): both read the type's text output, which the server
 * produces with the same output function in both cases (connections use text transfer, see
 * {@link PostgresSource#jdbcProperties()}). A hot path: one switch per value, no regex, no reflection.
 *
 * <p>Results: {@code Long} (integers), {@code BigDecimal} (numeric, as the Vitess side does DECIMAL),
 * {@code Double} (floats), {@code Boolean}, {@code String} (text, uuid, enums, json as its text, bytea as
 * standard Base64, date, time, timestamps as {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z}, interval as ISO 8601),
 * {@code List} (arrays, nested per dimension), or {@code null}: SQL null, and the values JSON cannot carry
 * (NaN and ±Infinity of numeric and floats; ±infinity and BC dates and timestamps).
 */
final class PgValues {
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private PgValues() {}

  /**
   * Converts a value of a pgoutput tuple.
   *
   * @param value a null or text value; an unchanged TOAST value has no value and must be handled by the
   *     caller (the column is absent from the record, not null)
   * @throws SchemaMismatchException if the value is binary, an unchanged TOAST marker, or not valid text for
   *     the type
   */
  static Object fromTuple(PgColumnType type, TupleValue value) {
    if (value instanceof TupleValue.Text text) {
      return fromText(type, text.text());
    }
    if (value instanceof TupleValue.Null) {
      return null;
    }
    throw new SchemaMismatchException("column of type " + type.name() + ": cannot convert a "
        + (value instanceof TupleValue.UnchangedToast ? "unchanged TOAST marker (the column is absent, not a value)"
            : "binary-format value (stream with the text format)"));
  }

  /**
   * Converts column {@code index} of the current row of a snapshot query.
   *
   * @throws SQLException if the result set cannot be read
   * @throws SchemaMismatchException if the text is not valid for the type
   */
  static Object fromResultSet(PgColumnType type, ResultSet rs, int index) throws SQLException {
    String text = rs.getString(index);
    return text == null ? null : fromText(type, text);
  }

  /**
   * Converts a value's text output.
   *
   * @param text the type's text output, not null
   * @throws SchemaMismatchException naming the type and value if the text is not valid for the type
   */
  static Object fromText(PgColumnType type, String text) {
    if (type.kind() == PgValueKind.ARRAY) {
      try {
        return PgArrayText.parse(text, type.delimiter(), type.elementKind());
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw mismatch(type, text, e);
      }
    }
    return scalar(type, type.kind(), text);
  }

  /** Converts the text of one array element (not null). */
  static Object element(PgValueKind kind, String text) {
    return scalarOrThrow(kind, text);
  }

  private static Object scalar(PgColumnType type, PgValueKind kind, String text) {
    try {
      return scalarOrThrow(kind, text);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw mismatch(type, text, e);
    }
  }

  private static Object scalarOrThrow(PgValueKind kind, String text) {
    return switch (kind) {
      case INTEGER -> Long.parseLong(text);
      case NUMERIC -> isSpecialNumber(text) ? null : new BigDecimal(text);
      case FLOAT -> isSpecialNumber(text) ? null : Double.valueOf(Double.parseDouble(text));
      case BOOLEAN -> bool(text);
      case TEXT, JSON, TIME -> text;
      case INTERVAL -> PgIntervalText.toIso(text);
      case BYTEA -> BASE64.encodeToString(PgByteaText.decode(text));
      case DATE -> PgTemporalText.date(text);
      case TIMETZ -> PgTemporalText.timeWithZone(text);
      case TIMESTAMP -> PgTemporalText.timestamp(text);
      case TIMESTAMPTZ -> PgTemporalText.timestampWithZone(text);
      case ARRAY -> throw new IllegalArgumentException("nested array kind");
    };
  }

  private static boolean isSpecialNumber(String text) {
    // NaN, Infinity, -Infinity (and +Infinity): the only numeric/float texts that start with a letter or sign+letter.
    char c = text.charAt(0);
    if (c == '-' || c == '+') {
      return text.length() > 1 && Character.isLetter(text.charAt(1));
    }
    return Character.isLetter(c);
  }

  private static Boolean bool(String text) {
    if (text.length() == 1) {
      if (text.charAt(0) == 't') {
        return Boolean.TRUE;
      }
      if (text.charAt(0) == 'f') {
        return Boolean.FALSE;
      }
    }
    throw new IllegalArgumentException("not a boolean (t or f)");
  }

  private static SchemaMismatchException mismatch(PgColumnType type, String text, RuntimeException cause) {
    // Values can be megabytes: quote only their start, and the cause's message (which may quote them) likewise;
    // the cause itself is left out for the same reason (its message is the whole value for a bad number).
    return new SchemaMismatchException("cannot convert \"" + shorten(text) + "\" of type " + type.name() + " ("
        + type.kind() + "): " + shorten(String.valueOf(cause.getMessage())));
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
