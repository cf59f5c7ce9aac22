package io.planetscale.cdc.testkit;

import io.planetscale.cdc.VitessType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A primary-key value, ordered as MySQL orders the key: numerically for numeric columns, by bytes
 * otherwise (a binary collation, which is what the copy phase's {@code ORDER BY} gives for the
 * test data we generate). Also yields the 64-bit keyspace id that places the row on a shard.
 */
final class RowKey implements Comparable<RowKey> {
  private final byte[][] cells;
  private final Comparable<?>[] parts;

  RowKey(byte[][] cells, VitessType[] types) {
    this.cells = cells;
    this.parts = new Comparable<?>[cells.length];
    for (int i = 0; i < cells.length; i++) {
      parts[i] = part(types[i], cells[i]);
    }
  }

  private static Comparable<?> part(VitessType type, byte[] cell) {
    String text = new String(cell, StandardCharsets.US_ASCII);
    if (type.isIntegral()) {
      return new BigInteger(text);
    }
    if (type == VitessType.DECIMAL || type.isFloat()) {
      return new BigDecimal(text);
    }
    return new Bytes(cell);
  }

  byte[][] cells() {
    return cells;
  }

  /** A well-mixed 64-bit hash of the key bytes: where Vitess would use a vindex, we use this. */
  long keyspaceId() {
    long h = 0xcbf29ce484222325L; // FNV-1a
    for (byte[] cell : cells) {
      for (byte b : cell) {
        h ^= b & 0xff;
        h *= 0x100000001b3L;
      }
      h ^= 0xff;
      h *= 0x100000001b3L;
    }
    // splitmix64 finalizer: spreads FNV's weak high bits across the key space.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(RowKey other) {
    for (int i = 0; i < parts.length; i++) {
      int c = ((Comparable) parts[i]).compareTo(other.parts[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowKey && compareTo((RowKey) o) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parts);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < cells.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(new String(cells[i], StandardCharsets.UTF_8));
    }
    return sb.append(')').toString();
  }

  /** Unsigned lexicographic byte order. */
  private static final class Bytes implements Comparable<Bytes> {
    private final byte[] b;

    Bytes(byte[] b) {
      this.b = b;
    }

    @Override
    public int compareTo(Bytes o) {
      return Arrays.compareUnsigned(b, o.b);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes && Arrays.equals(b, ((Bytes) o).b);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(b);
    }
  }
}
