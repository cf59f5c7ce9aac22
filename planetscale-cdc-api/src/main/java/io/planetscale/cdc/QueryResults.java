package io.planetscale.cdc;

import java.util.List;
import java.util.Map;

/** Helpers over {@link QueryResult}. SKELETON — helper A implements. */
public final class QueryResults {
  private QueryResults() {}

  /**
   * One map per row from column name to value (Go's {@code QueryResultToRecords}); values beyond
   * the number of fields are ignored; column order is kept.
   *
   * @param result the result
   * @return the rows as maps
   */
  public static List<Map<String, Value>> toRecords(QueryResult result) {
    throw new UnsupportedOperationException();
  }
}
