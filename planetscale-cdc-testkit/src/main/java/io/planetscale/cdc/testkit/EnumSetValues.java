package io.planetscale.cdc.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of an ENUM or SET column, from its column type ({@code enum('a','b')},
 * {@code set('x','y')}), to send values as numbers the way Vitess before v20 did (and does when
 * {@code FieldEvent.enum_set_string_values} is false): an ENUM as its 1-based member index
 * ({@code 0} for the empty invalid value), a SET as the bitmask of its members (bit 0 = first member).
 */
final class EnumSetValues {
  private final List<String> members;
  private final boolean set;

  private EnumSetValues(List<String> members, boolean set) {
    this.members = members;
    this.set = set;
  }

  /** The members of an {@code enum(...)} or {@code set(...)} column type, or null for other types. */
  static EnumSetValues of(String columnType) {
    String lower = columnType.trim().toLowerCase(java.util.Locale.ROOT);
    boolean set = lower.startsWith("set(");
    if (!set && !lower.startsWith("enum(")) {
      return null;
    }
    String body = columnType.trim().substring(columnType.indexOf('(') + 1);
    List<String> members = new ArrayList<>();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\'') {
        StringBuilder member = new StringBuilder();
        i++;
        while (i < body.length()) {
          char d = body.charAt(i);
          if (d == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
            member.append('\''); // '' is a quote inside the member
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else if (d == '\\' && i + 1 < body.length()) {
            member.append(body.charAt(i + 1));
            i += 2;
          } else {
            member.append(d);
            i++;
          }
        }
        members.add(member.toString());
      } else {
        i++; // commas, spaces and the closing parenthesis
      }
    }
    return new EnumSetValues(List.copyOf(members), set);
  }

  /** The stored text value as the number Vitess would send: ENUM index or SET bitmask, as decimal text. */
  byte[] number(byte[] text) {
    String value = new String(text, StandardCharsets.UTF_8);
    long n = 0;
    if (set) {
      if (!value.isEmpty()) {
        for (String part : value.split(",", -1)) {
          int bit = indexOf(part);
          if (bit >= 0) {
            n |= 1L << bit;
          }
        }
      }
    } else {
      n = indexOf(value) + 1; // 0 when not a member: MySQL's invalid-value index
    }
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  private int indexOf(String member) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).equalsIgnoreCase(member)) {
        return i;
      }
    }
    return -1;
  }
}
