package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns ENUM and SET values that a server sends as numbers (a FIELD event with
 * {@code enum_set_string_values = false}: Vitess before v20, wire-format §4.4) into their labels,
 * taken from each column's {@code column_type}: an ENUM index k ≥ 1 is the k-th label and 0 the
 * empty string; a SET bitmask is the labels of its set bits (bit 0 = first label), joined by
 * {@code ,}. A value that is not a number, or out of range, is left as it came.
 *
 * <p>Labels are encoded as UTF-8: exact for utf8/utf8mb4 columns and for ASCII labels in any
 * ASCII-compatible character set.
 */
final class EnumSetNumbers {
  /** Per column: null when the column is neither ENUM nor SET, else its labels. */
  private final String[][] labels;
  private final boolean[] isSet;
  /** Per ENUM column: the value of each index (0 = the empty string), built once. */
  private final Value[][] enumValues;
  private final List<Field> fields;

  private EnumSetNumbers(List<Field> fields, String[][] labels, boolean[] isSet) {
    this.fields = fields;
    this.labels = labels;
    this.isSet = isSet;
    this.enumValues = new Value[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != null && !isSet[i]) {
        Value[] values = new Value[labels[i].length + 1];
        values[0] = text(fields.get(i), "");
        for (int k = 0; k < labels[i].length; k++) {
          values[k + 1] = text(fields.get(i), labels[i][k]);
        }
        enumValues[i] = values;
      }
    }
  }

  /**
   * @return the converter for {@code fields}, or null if none of them is an ENUM or SET column with
   *     a readable label list (nothing to convert)
   */
  static EnumSetNumbers of(List<Field> fields) {
    String[][] labels = new String[fields.size()][];
    boolean[] isSet = new boolean[fields.size()];
    boolean any = false;
    for (int i = 0; i < labels.length; i++) {
      String columnType = fields.get(i).columnType().trim().toLowerCase(Locale.ROOT);
      if (!columnType.startsWith("enum") && !columnType.startsWith("set")) {
        continue;
      }
      List<String> list;
      try {
        list = MysqlColumnTypes.enumValues(fields.get(i).columnType());
      } catch (IllegalArgumentException e) {
        continue; // an unreadable label list: leave the numbers as they are rather than guess
      }
      if (list.isEmpty()) {
        continue;
      }
      labels[i] = list.toArray(new String[0]);
      isSet[i] = columnType.startsWith("set");
      any = true;
    }
    return any ? new EnumSetNumbers(fields, labels, isSet) : null;
  }

  /**
   * @param row decoded values
   * @param columns the field index of each value, or null when value i is field i
   * @return the row with ENUM/SET numbers replaced by labels (the same list if nothing changed)
   */
  List<Value> convert(List<Value> row, int[] columns) {
    Value[] out = null;
    for (int j = 0; j < row.size(); j++) {
      int i = columns == null ? j : columns[j];
      if (i >= labels.length || labels[i] == null) {
        continue;
      }
      Value v = row.get(j);
      Value converted = v.isNull() ? v : isSet[i] ? setLabels(i, v) : enumLabel(i, v);
      if (converted != v) {
        if (out == null) {
          out = row.toArray(new Value[0]);
        }
        out[j] = converted;
      }
    }
    return out == null ? row : List.of(out);
  }

  private Value enumLabel(int column, Value v) {
    Long index = number(v);
    Value[] values = enumValues[column];
    return index != null && index >= 0 && index < values.length ? values[index.intValue()] : v;
  }

  private Value setLabels(int column, Value v) {
    Long mask = number(v);
    String[] names = labels[column];
    if (mask == null || names.length < 64 && mask >>> names.length != 0) {
      return v; // not a number, or bits beyond the declared members
    }
    StringBuilder joined = new StringBuilder();
    for (int bit = 0; bit < names.length; bit++) {
      if ((mask >>> bit & 1) != 0) {
        if (joined.length() > 0) {
          joined.append(',');
        }
        joined.append(names[bit]);
      }
    }
    return text(fields.get(column), joined.toString());
  }

  /** The value as an unsigned 64-bit decimal (a mask of 64 members may read as negative), or null. */
  private static Long number(Value v) {
    String s = v.toStringUtf8();
    if (s.isEmpty() || s.length() > 20) {
      return null;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      return null; // above 2^64 - 1
    }
  }

  private static Value text(Field field, String label) {
    return Value.of(field.type(), label.getBytes(StandardCharsets.UTF_8), field.charset());
  }
}
