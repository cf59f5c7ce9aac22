package io.planetscale.cdc.grpc;

import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import java.util.Objects;

/**
 * A cursor together with its saved form, so that a cursor a transport received is encoded once,
 * where the transport has its wire bytes, and never again on its way into the state.
 *
 * @param cursor the cursor
 * @param serialized the same cursor as the state stores it
 */
record EncodedCursor(TableCursor cursor, SerializedCursor serialized) {
  EncodedCursor {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(serialized, "serialized");
  }

  /** Encodes {@code cursor}: for cursors that did not come with their wire bytes. */
  static EncodedCursor of(TableCursor cursor) {
    return new EncodedCursor(cursor, SerializedCursor.of(cursor));
  }
}
