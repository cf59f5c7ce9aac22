package io.planetscale.cdc;

/** Base64 protobuf codec of {@link TableCursor}. SKELETON — helper A implements. */
final class CursorCodec {
  private CursorCodec() {}

  static String encode(TableCursor cursor) {
    throw new UnsupportedOperationException();
  }

  /**
   * @param stream for the error message, or null
   * @param shard for the error message, or null
   */
  static TableCursor decode(String base64, String stream, String shard) {
    throw new UnsupportedOperationException();
  }
}
