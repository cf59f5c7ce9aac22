package io.planetscale.cdc;

import java.util.Objects;

/**
 * A {@link TableCursor} as the Go connectors store it: standard padded Base64 of its protobuf binary
 * encoding. Byte-identical to Go, so state moves between the Go connectors and this SDK.
 *
 * @param cursor the Base64 text
 */
public record SerializedCursor(String cursor) {

  /**
   * Validates the component.
   *
   * @param cursor the Base64 text
   */
  public SerializedCursor {
    Objects.requireNonNull(cursor, "cursor");
  }

  /**
   * Serializes a cursor.
   *
   * @param tableCursor the cursor
   * @return its Base64 protobuf form
   */
  public static SerializedCursor of(TableCursor tableCursor) {
    return new SerializedCursor(CursorCodec.encode(tableCursor));
  }

  /**
   * Decodes the cursor.
   *
   * @return the cursor
   * @throws ConfigurationException if the text is not Base64 or not a TableCursor
   */
  public TableCursor toTableCursor() {
    return CursorCodec.decode(cursor, null, null);
  }

  /**
   * Decodes the cursor of a stream's shard; an error names both.
   *
   * @param stream the stream the cursor belongs to
   * @param shard the shard the cursor belongs to
   * @return the cursor
   * @throws ConfigurationException naming stream and shard if the text is not a valid cursor
   */
  public TableCursor toTableCursor(String stream, String shard) {
    return CursorCodec.decode(cursor, stream, shard);
  }
}
