package io.planetscale.cdc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The JSON schema of one column, e.g. {@code {"type":["null","integer"]}} or
 * {@code {"type":["null","string"],"format":"date-time"}}.
 *
 * @param types the JSON schema types, e.g. {@code ["null","integer"]}
 * @param format the JSON schema format ({@code "date-time"}, {@code "date"}, {@code "time"}), or {@code null}
 */
public record StreamProperty(List<String> types, String format) {

  /**
   * Makes the type list unmodifiable; an empty format becomes {@code null}.
   *
   * @param types the JSON schema types, e.g. {@code ["null","integer"]}
   * @param format the JSON schema format ({@code "date-time"}, {@code "date"}, {@code "time"}), or {@code null}
   */
  public StreamProperty {
    types = List.copyOf(Objects.requireNonNull(types, "types"));
    format = format == null || format.isEmpty() ? null : format;
  }

  /**
   * A property with the given types and no format.
   *
   * @param types the JSON schema types, e.g. {@code "null", "integer"}
   * @return the property
   */
  public static StreamProperty of(String... types) {
    return new StreamProperty(List.of(types), null);
  }

  /**
   * A property with the given types and format.
   *
   * @param format the format, e.g. {@code date-time}
   * @param types the JSON schema types
   * @return the property
   */
  public static StreamProperty withFormat(String format, String... types) {
    return new StreamProperty(List.of(types), format);
  }

  /** @return true if the types include {@code boolean} (case-insensitive) */
  public boolean isBoolean() {
    return hasType("boolean");
  }

  /** @return true if the types include {@code number} (case-insensitive) */
  public boolean isNumber() {
    return hasType("number");
  }

  /** @return true if the types include {@code integer} (case-insensitive) */
  public boolean isInteger() {
    return hasType("integer");
  }

  /** @return true if the format is {@code date-time} */
  public boolean isDateTime() {
    return "date-time".equals(format);
  }

  private boolean hasType(String wanted) {
    for (String t : types) {
      if (t.toLowerCase(Locale.ROOT).equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
