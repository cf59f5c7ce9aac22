package io.planetscale.cdc.postgres.internal.pgoutput;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Message ({@code M}): what {@code pg_logical_emit_message} wrote (sent when the {@code messages} option is on).
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param transactional whether the message belongs to its transaction (flag bit 1) rather than being
 *     delivered at once
 * @param lsn the message's LSN
 * @param prefix the prefix it was emitted with
 * @param content its content (copied in and out)
 */
public record LogicalDecodingMessage(long xid, boolean transactional, long lsn, String prefix, byte[] content)
    implements PgOutputMessage {
  /** Copies the content, so that the message stays immutable. */
  public LogicalDecodingMessage {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /**
   * The content read as UTF-8 text.
   *
   * @return the text
   */
  public String contentText() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public char type() {
    return 'M';
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogicalDecodingMessage that && xid == that.xid && transactional == that.transactional
        && lsn == that.lsn && prefix.equals(that.prefix) && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lsn) * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "LogicalDecodingMessage[xid=" + xid + ", transactional=" + transactional + ", lsn=" + Lsn.format(lsn)
        + ", prefix=" + prefix + ", content=" + HexFormat.of().formatHex(content) + "]";
  }
}
