package io.planetscale.cdc.postgres.internal.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the big-endian fields of one pgoutput message from a buffer, without moving the buffer's position.
 * Every failure names the message and the offset from the message's first byte (its type byte).
 */
final class MessageReader {
  // PostgreSQL timestamps count microseconds from 2000-01-01 00:00:00 UTC.
  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

  private final ByteBuffer buffer;
  private final int start;
  private final int limit;
  private int position;
  private String messageName = "message";

  MessageReader(ByteBuffer buffer) {
    this.buffer = buffer;
    this.start = buffer.position();
    this.limit = buffer.limit();
    this.position = start;
  }

  /** Names the message in later errors, once its type is known. */
  void describe(String name) {
    this.messageName = name;
  }

  /** The offset of the next byte from the message's first byte. */
  int offset() {
    return position - start;
  }

  int remaining() {
    return limit - position;
  }

  byte int8(String field) {
    need(1, field);
    return buffer.get(position++);
  }

  int uint16(String field) {
    need(2, field);
    int value = Short.toUnsignedInt(buffer.getShort(position));
    position += 2;
    return value;
  }

  int int32(String field) {
    need(4, field);
    int value = buffer.getInt(position);
    position += 4;
    return value;
  }

  /** An oid or transaction id: unsigned 32 bits. */
  long uint32(String field) {
    return Integer.toUnsignedLong(int32(field));
  }

  long int64(String field) {
    need(8, field);
    long value = buffer.getLong(position);
    position += 8;
    return value;
  }

  Instant timestamp(String field) {
    long micros = int64(field);
    return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A NUL-terminated UTF-8 string. */
  String string(String field) {
    int end = position;
    while (end < limit && buffer.get(end) != 0) {
      end++;
    }
    if (end == limit) {
      throw error("truncated at offset " + offset() + ": " + field + " has no terminating NUL byte");
    }
    String value = utf8(position, end - position);
    position = end + 1;
    return value;
  }

  /** A 32-bit length, then that many bytes of UTF-8 text. */
  String countedText(String field) {
    int length = counted(field);
    String value = utf8(position, length);
    position += length;
    return value;
  }

  /** The kind byte of a tuple's column {@code column}. */
  byte columnKind(String tuple, int column) {
    if (limit - position < 1) {
      need(1, tuple + " column " + column + " kind");
    }
    return buffer.get(position++);
  }

  /** The text of a tuple's column {@code column}: a 32-bit length, then that many bytes of UTF-8. */
  String columnText(String tuple, int column) {
    int length = columnLength(tuple, column);
    String value = utf8(position, length);
    position += length;
    return value;
  }

  /** The bytes of a tuple's column {@code column}: a 32-bit length, then that many bytes. */
  byte[] columnBytes(String tuple, int column) {
    int length = columnLength(tuple, column);
    byte[] value = new byte[length];
    buffer.get(position, value);
    position += length;
    return value;
  }

  private int columnLength(String tuple, int column) {
    if (limit - position < 4) {
      return counted(tuple + " column " + column); // fails, naming the column
    }
    int length = buffer.getInt(position);
    if (length < 0 || limit - position - 4 < length) {
      return counted(tuple + " column " + column); // fails, naming the column
    }
    position += 4;
    return length;
  }

  /** A 32-bit length, then that many bytes. */
  byte[] countedBytes(String field) {
    int length = counted(field);
    return bytes(length, field);
  }

  byte[] bytes(int length, String field) {
    need(length, field);
    byte[] value = new byte[length];
    buffer.get(position, value);
    position += length;
    return value;
  }

  /** Fails unless every byte of the message was read. */
  void expectEnd() {
    if (position != limit) {
      throw error(remaining() + " unexpected byte(s) after the last field, at offset " + offset());
    }
  }

  PgOutputFormatException error(String what) {
    return new PgOutputFormatException("pgoutput " + messageName + ": " + what);
  }

  private int counted(String field) {
    int lengthOffset = offset();
    int length = int32(field + " length");
    if (length < 0) {
      throw error("negative length " + length + " of " + field + " at offset " + lengthOffset);
    }
    need(length, field);
    return length;
  }

  private void need(int count, String field) {
    if (limit - position < count) {
      throw error("truncated at offset " + offset() + ": " + field + " needs " + count + " byte(s), "
          + (limit - position) + " remain");
    }
  }

  private String utf8(int from, int length) {
    if (buffer.hasArray()) {
      return new String(buffer.array(), buffer.arrayOffset() + from, length, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[length];
    buffer.get(from, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
