package io.planetscale.cdc;

import java.util.List;

/**
 * A stream chosen for sync, reduced to the columns to sync.
 *
 * @param stream the stream with only the synced properties and their metadata (table entry last)
 * @param columns the columns to request, in schema order; empty asks the server for every column
 */
record SelectedStream(Stream stream, List<String> columns) {
  SelectedStream {
    columns = List.copyOf(columns);
  }
}
