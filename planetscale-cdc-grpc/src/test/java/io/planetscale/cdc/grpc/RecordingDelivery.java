package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A {@link ShardDelivery} that writes down every call as one line, e.g. {@code begin POS pk=3},
 * {@code INSERT [1, a] [2, b]}, {@code cursor POS pk=3}, and keeps what it was given.
 */
final class RecordingDelivery implements ShardDelivery {
  final List<String> lines = new ArrayList<>();
  final List<EncodedCursor> cursors = new ArrayList<>();
  final List<QueryResult> results = new ArrayList<>();
  final List<List<Field>> schemas = new ArrayList<>();

  @Override
  public void beginResponse(TableCursor end) {
    lines.add("begin " + (end == null ? "-" : describe(end)));
  }

  @Override
  public void onResult(QueryResult result, Operation operation, QueryResult before) {
    results.add(result);
    lines.add(operation + rows(result) + (before == null ? "" : " before" + rows(before)));
  }

  @Override
  public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    results.add(result);
    lines.add("partial " + operation + " " + names(result.fields()) + rows(result)
        + (before == null ? "" : " before " + names(before.fields()) + rows(before)));
  }

  @Override
  public void onSchemaChange(String ddl, List<Field> fields) {
    schemas.add(fields);
    lines.add("schema " + (ddl == null ? "-" : ddl) + " " + (fields == null ? "-" : names(fields)));
  }

  @Override
  public void onCursor(EncodedCursor cursor) {
    cursors.add(cursor);
    lines.add("cursor " + describe(cursor.cursor()));
  }

  @Override
  public void onRestart(TableCursor from) {
    lines.add("restart " + describe(from));
  }

  /** The lines so far, then forgets them. */
  List<String> take() {
    List<String> taken = new ArrayList<>(lines);
    lines.clear();
    return taken;
  }

  /** {@code POSITION} or {@code POSITION pk=<values>}; an empty position reads {@code ""}. */
  static String describe(TableCursor c) {
    String position = c.position().isEmpty() ? "\"\"" : c.position();
    if (c.lastKnownPk() == null) {
      return position;
    }
    StringJoiner pk = new StringJoiner(",");
    for (List<Value> row : c.lastKnownPk().rows()) {
      for (Value v : row) {
        pk.add(v.toStringUtf8());
      }
    }
    return position + " pk=" + pk;
  }

  private static String rows(QueryResult r) {
    StringBuilder sb = new StringBuilder();
    for (List<Value> row : r.rows()) {
      StringJoiner values = new StringJoiner(", ", " [", "]");
      for (Value v : row) {
        values.add(v.isNull() ? "NULL" : v.toStringUtf8());
      }
      sb.append(values);
    }
    return sb.toString();
  }

  private static String names(List<Field> fields) {
    StringJoiner names = new StringJoiner(",", "(", ")");
    for (Field f : fields) {
      names.add(f.name());
    }
    return names.toString();
  }
}
