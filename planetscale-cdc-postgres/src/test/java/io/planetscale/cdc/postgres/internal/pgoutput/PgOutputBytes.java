package io.planetscale.cdc.postgres.internal.pgoutput;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds pgoutput messages byte by byte, as PostgreSQL's proto.c writes them (big-endian). */
final class PgOutputBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PgOutputBytes type(char type) {
    return new PgOutputBytes().int8(type);
  }

  PgOutputBytes int8(int value) {
    out.write(value);
    return this;
  }

  PgOutputBytes int16(int value) {
    return int8(value >>> 8).int8(value);
  }

  PgOutputBytes int32(long value) {
    return int16((int) (value >>> 16) & 0xFFFF).int16((int) value & 0xFFFF);
  }

  PgOutputBytes int64(long value) {
    return int32(value >>> 32).int32(value & 0xFFFFFFFFL);
  }

  PgOutputBytes timestamp(Instant instant) {
    long seconds = instant.getEpochSecond() - 946_684_800L;
    return int64(seconds * 1_000_000L + instant.getNano() / 1_000);
  }

  PgOutputBytes string(String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    return int8(0);
  }

  PgOutputBytes raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** A tuple: column count, then per value its kind and, for 't' and 'b', a counted payload. */
  PgOutputBytes tuple(Object... values) {
    int16(values.length);
    for (Object value : values) {
      if (value == null) {
        int8('n');
      } else if (value == TupleValue.UNCHANGED_TOAST) {
        int8('u');
      } else if (value instanceof byte[] bytes) {
        int8('b').int32(bytes.length).raw(bytes);
      } else {
        byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
        int8('t').int32(text.length).raw(text);
      }
    }
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes());
  }
}
