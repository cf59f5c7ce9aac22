package io.planetscale.cdc;

import java.io.IOException;
import java.util.Base64;
import java.util.Objects;

/**
 * Base64 protobuf codec of {@link TableCursor}: standard padded Base64 of the protobuf binary
 * encoding of {@code psdbconnect.v1alpha1.TableCursor} ({@link CursorWire}), byte-identical to the
 * Go connectors.
 */
final class CursorCodec {
  private CursorCodec() {}

  /**
   * @param cursor the cursor
   * @return its Base64 protobuf form
   */
  static String encode(TableCursor cursor) {
    return Base64.getEncoder().encodeToString(CursorWire.encode(cursor));
  }

  /**
   * @param base64 the Base64 protobuf form
   * @param stream for the error message, or null
   * @param shard for the error message, or null
   * @return the cursor
   * @throws ConfigurationException with Go's wording ({@code unable to decode table cursor} for bad
   *     Base64, {@code unable to deserialize table cursor} for a bad message), prefixed by stream and
   *     shard when given
   */
  static TableCursor decode(String base64, String stream, String shard) {
    Objects.requireNonNull(base64, "base64");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(prefix(stream, shard) + "unable to decode table cursor: " + e.getMessage(), e);
    }
    try {
      return CursorWire.decode(bytes);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(prefix(stream, shard) + "unable to deserialize table cursor: " + e.getMessage(), e);
    }
  }

  private static String prefix(String stream, String shard) {
    StringBuilder sb = new StringBuilder();
    if (stream != null) {
      sb.append("stream \"").append(stream).append("\" ");
    }
    if (shard != null) {
      sb.append("shard \"").append(shard).append("\" ");
    }
    if (sb.length() > 0) {
      sb.setLength(sb.length() - 1);
      sb.append(": ");
    }
    return sb.toString();
  }
}
