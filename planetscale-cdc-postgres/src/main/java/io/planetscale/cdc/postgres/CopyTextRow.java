package io.planetscale.cdc.postgres;

import io.planetscale.cdc.PlanetScaleCdcException;
import java.nio.charset.StandardCharsets;

/**
 * Splits one row of {@code COPY ... TO STDOUT} text format (UTF-8) into its fields' texts: fields are separated
 * by tabs, the row ends with a newline, a whole field {@code \N} is SQL NULL (null here), and backslash escapes
 * ({@code \\ \b \f \n \r \t \v}, octal {@code \ooo}, hex {@code \xhh}; any other escaped character stands for
 * itself) are undone. Each field's text is then exactly the type's output, what {@code ResultSet.getString}
 * returns for it.
 */
final class CopyTextRow {
  private CopyTextRow() {}

  /**
   * The fields of one row.
   *
   * @param row the row's bytes, as CopyOut.readFromCopy() returns them (with or without its final newline)
   * @param expected how many fields the row must have
   * @throws PlanetScaleCdcException when the row does not have {@code expected} fields or ends within an escape
   */
  static String[] split(byte[] row, int expected) {
    int end = row.length;
    if (end > 0 && row[end - 1] == '\n') {
      end--;
    }
    String[] fields = new String[expected];
    int field = 0;
    int start = 0;
    while (true) {
      int stop = start;
      boolean escaped = false;
      while (stop < end && row[stop] != '\t') {
        if (row[stop] == '\\') {
          escaped = true;
          stop++; // the escaped byte is never a separator (COPY escapes tabs)
          if (stop == end) {
            throw malformed(row, "ends within a backslash escape");
          }
        }
        stop++;
      }
      if (field == expected) {
        throw malformed(row, "has more than " + expected + " fields");
      }
      fields[field++] = escaped ? unescape(row, start, stop) : new String(row, start, stop - start,
          StandardCharsets.UTF_8);
      if (stop == end) {
        break;
      }
      start = stop + 1;
    }
    if (field != expected) {
      throw malformed(row, "has " + field + " fields, expected " + expected);
    }
    return fields;
  }

  private static String unescape(byte[] row, int start, int stop) {
    if (stop - start == 2 && row[start + 1] == 'N') {
      return null;
    }
    byte[] out = new byte[stop - start];
    int length = 0;
    int i = start;
    while (i < stop) {
      byte b = row[i++];
      if (b != '\\') {
        out[length++] = b;
        continue;
      }
      byte c = row[i++];
      switch (c) {
        case 'b' -> out[length++] = '\b';
        case 'f' -> out[length++] = '\f';
        case 'n' -> out[length++] = '\n';
        case 'r' -> out[length++] = '\r';
        case 't' -> out[length++] = '\t';
        case 'v' -> out[length++] = 0x0B;
        case 'N' -> throw malformed(row, "has \\N inside a field");
        case 'x' -> {
          int value = 0;
          int digits = 0;
          while (digits < 2 && i < stop && Character.digit(row[i], 16) >= 0) {
            value = value * 16 + Character.digit(row[i++], 16);
            digits++;
          }
          if (digits == 0) {
            out[length++] = 'x'; // as the server's COPY FROM reads it: a lone \x is the letter x
          } else {
            out[length++] = (byte) value;
          }
        }
        default -> {
          if (c >= '0' && c <= '7') {
            int value = c - '0';
            for (int digits = 1; digits < 3 && i < stop && row[i] >= '0' && row[i] <= '7'; digits++) {
              value = value * 8 + (row[i++] - '0');
            }
            out[length++] = (byte) value;
          } else {
            out[length++] = c;
          }
        }
      }
    }
    return new String(out, 0, length, StandardCharsets.UTF_8);
  }

  private static PlanetScaleCdcException malformed(byte[] row, String problem) {
    // The row's values are left out: they are the user's data.
    return new PlanetScaleCdcException("malformed COPY text row of " + row.length + " bytes: it " + problem);
  }
}
