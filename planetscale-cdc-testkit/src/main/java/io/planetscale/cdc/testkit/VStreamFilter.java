package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A VStream {@code binlogdata.Filter}: rules whose {@code match} is a table name or {@code /regex}
 * (matched anywhere in the name, as Vitess does), and whose {@code filter} is {@code ""},
 * {@code SELECT * FROM `t`} or a column list {@code SELECT `a`, `b` FROM `t`} (backticks optional).
 * The first matching rule wins; no filter at all means {@code /.*}. Column names are resolved against
 * a table's schema when rows are about to be sent ({@link #projection}), as vttablet builds its
 * replication plan, so a dropped column fails there.
 */
final class VStreamFilter {
  /** The columns a rule sends: {@code columns} indexes the table's columns (null = all, in order). */
  record Projection(int[] columns, List<Field> fields) {}

  private record Rule(String match, Pattern regex, List<String> columns) {
    boolean matches(String table) {
      return regex == null ? match.equals(table) : regex.matcher(table).find();
    }
  }

  private final List<Rule> rules;

  private VStreamFilter(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * @param filter the request's filter, or null when it has none
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a rule the fake does not understand
   */
  static VStreamFilter parse(Filter filter) {
    List<Rule> rules = new ArrayList<>();
    if (filter == null || filter.getRulesCount() == 0) {
      rules.add(new Rule("/.*", Pattern.compile(".*"), null));
      return new VStreamFilter(rules);
    }
    for (io.planetscale.cdc.wire.internal.proto.binlogdata.Rule r : filter.getRulesList()) {
      String match = r.getMatch();
      if (match.startsWith("/")) {
        if (!r.getFilter().isEmpty()) {
          throw SyncFailure.invalidArgument("rule \"" + match + "\": a /regex rule takes an empty filter, got \""
              + r.getFilter() + "\"");
        }
        try {
          rules.add(new Rule(match, Pattern.compile(trimSlashes(match)), null));
        } catch (PatternSyntaxException e) {
          throw SyncFailure.invalidArgument("rule \"" + match + "\" is not a valid regular expression: "
              + e.getDescription());
        }
      } else if (match.isEmpty()) {
        throw SyncFailure.invalidArgument("a filter rule needs a match (a table name or /regex)");
      } else {
        rules.add(new Rule(match, null, r.getFilter().isBlank() ? null : columns(match, r.getFilter())));
      }
    }
    return new VStreamFilter(rules);
  }

  boolean matches(String table) {
    return rule(table) != null;
  }

  /** The tables rules name literally (not by regex). */
  List<String> namedTables() {
    List<String> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r.regex == null) {
        out.add(r.match);
      }
    }
    return out;
  }

  /**
   * The columns to send of a table in this schema version.
   *
   * @throws io.grpc.StatusRuntimeException FAILED_PRECONDITION "failed to build table replication plan" when
   *     the rule names a column the table does not have
   */
  Projection projection(FakeTable table) {
    Rule rule = rule(table.name());
    if (rule == null || rule.columns == null) {
      return new Projection(null, table.fields);
    }
    int[] columns = new int[rule.columns.size()];
    List<Field> fields = new ArrayList<>();
    boolean identity = columns.length == table.fields.size();
    for (int j = 0; j < columns.length; j++) {
      columns[j] = table.indexOf(rule.columns.get(j));
      if (columns[j] < 0) {
        throw SyncFailure.replicationPlan(table.name(), rule.columns.get(j));
      }
      identity &= columns[j] == j;
      fields.add(table.fields.get(columns[j]));
    }
    return identity ? new Projection(null, table.fields) : new Projection(columns, List.copyOf(fields));
  }

  private Rule rule(String table) {
    for (Rule r : rules) {
      if (r.matches(table)) {
        return r;
      }
    }
    return null;
  }

  private static String trimSlashes(String match) {
    int start = 0;
    int end = match.length();
    while (start < end && match.charAt(start) == '/') {
      start++;
    }
    while (end > start && match.charAt(end - 1) == '/') {
      end--;
    }
    return match.substring(start, end);
  }

  /** The column list of {@code SELECT * | col, ... FROM table}: null for {@code *}. */
  private static List<String> columns(String match, String sql) {
    Tokens t = new Tokens(sql);
    t.keyword("select");
    List<String> columns = null;
    if (t.peek() == '*') {
      t.pos++;
    } else {
      columns = new ArrayList<>();
      do {
        columns.add(t.identifier());
      } while (t.comma());
    }
    t.keyword("from");
    String table = t.identifier();
    t.end();
    if (!table.equals(match)) {
      throw SyncFailure.invalidArgument("filter \"" + sql + "\" selects from \"" + table + "\" but its rule matches \""
          + match + "\"");
    }
    return columns;
  }

  /** Just enough of a SQL scanner for {@code SELECT list FROM table}. */
  private static final class Tokens {
    private final String sql;
    private int pos;

    Tokens(String sql) {
      this.sql = sql;
    }

    char peek() {
      while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
        pos++;
      }
      return pos < sql.length() ? sql.charAt(pos) : 0;
    }

    void keyword(String word) {
      peek();
      int end = pos + word.length();
      if (end > sql.length() || !sql.substring(pos, end).toLowerCase(Locale.ROOT).equals(word)
          || (end < sql.length() && isNameChar(sql.charAt(end)))) {
        throw unsupported("expected " + word.toUpperCase(Locale.ROOT));
      }
      pos = end;
    }

    String identifier() {
      if (peek() == '`') {
        StringBuilder name = new StringBuilder();
        for (pos++; pos < sql.length(); pos++) {
          char c = sql.charAt(pos);
          if (c == '`' && pos + 1 < sql.length() && sql.charAt(pos + 1) == '`') {
            name.append('`');
            pos++;
          } else if (c == '`') {
            pos++;
            return name.toString();
          } else {
            name.append(c);
          }
        }
        throw unsupported("unterminated `name`");
      }
      int start = pos;
      while (pos < sql.length() && isNameChar(sql.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw unsupported("expected a column or table name");
      }
      return sql.substring(start, pos);
    }

    boolean comma() {
      if (peek() == ',') {
        pos++;
        return true;
      }
      return false;
    }

    void end() {
      if (peek() == ';') {
        pos++;
      }
      if (peek() != 0) {
        throw unsupported("unexpected \"" + sql.substring(pos) + "\"");
      }
    }

    private static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private RuntimeException unsupported(String why) {
      return SyncFailure.invalidArgument("unsupported filter \"" + sql + "\" (" + why + "): the fake understands \"\","
          + " SELECT * FROM `t` and SELECT `a`, `b` FROM `t`");
    }
  }
}
