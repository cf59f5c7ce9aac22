package io.planetscale.cdc.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.util.Arrays;

/**
 * A ROW event as {@link VStreamResponseReader} found it in a message's bytes: its table name, and
 * per row change where its previous and new images lie ({@link ScannedRows}, shared by the
 * message's events). A change with anything besides its images (bitmaps of a partial image,
 * unknown fields) is parsed by protobuf as a whole ({@link #parsed}). The event's other fields
 * were checked by the reader and are parsed by protobuf only when asked for ({@link #toProto}).
 * Written on the transport's thread, read on the reading thread after the hand-over.
 */
final class ScannedRowEvent {
  private final byte[] wire;
  private final int from;
  private final int to;
  private final String tableName;
  private final ScannedRows rows;
  /** Per change: the index of its previous image in {@link #rows}, then of its new image; -1 for none. */
  private int[] changes = new int[2];
  private int changeCount;
  /** Per change: the change parsed by protobuf, or null when its images are all it has; null if none is. */
  private RowChange[] parsed;
  /** The VEvent's binlog time (0 in a copy), keyspace and shard (vtgate sets them on every event). */
  private long timestamp;
  private String keyspace = "";
  private String shard = "";

  /**
   * @param wire the message's bytes
   * @param from where the VEvent starts in them
   * @param to where it ends
   * @param tableName the RowEvent's table name
   * @param rows where the changes' images are located
   */
  ScannedRowEvent(byte[] wire, int from, int to, String tableName, ScannedRows rows) {
    this.wire = wire;
    this.from = from;
    this.to = to;
    this.tableName = tableName;
    this.rows = rows;
  }

  /** Sets what the VEvent says of where the rows come from: its time, keyspace and shard. */
  void origin(long timestamp, String keyspace, String shard) {
    this.timestamp = timestamp;
    this.keyspace = keyspace;
    this.shard = shard;
  }

  /** @return the size of the VEvent in the message's bytes */
  int wireSize() {
    return to - from;
  }

  /** @return the event's binlog time in seconds; 0 for copied rows */
  long timestamp() {
    return timestamp;
  }

  /** @return the keyspace vtgate named on the event, {@code ""} if none */
  String keyspace() {
    return keyspace;
  }

  /** @return the shard vtgate named on the event, {@code ""} if none */
  String shard() {
    return shard;
  }

  /** Adds a change: its images' indexes in {@link #rows} (-1 for none), and the change if protobuf parsed it. */
  void addChange(int before, int after, RowChange parsedChange) {
    if (2 * changeCount + 2 > changes.length) {
      changes = Arrays.copyOf(changes, changes.length * 2);
    }
    changes[2 * changeCount] = before;
    changes[2 * changeCount + 1] = after;
    if (parsedChange != null) {
      if (parsed == null) {
        parsed = new RowChange[Math.max(4, changes.length / 2)];
      } else if (parsed.length <= changeCount) {
        parsed = Arrays.copyOf(parsed, Math.max(parsed.length * 2, changeCount + 1));
      }
      parsed[changeCount] = parsedChange;
    }
    changeCount++;
  }

  String tableName() {
    return tableName;
  }

  ScannedRows rows() {
    return rows;
  }

  int changeCount() {
    return changeCount;
  }

  /** Change {@code i}'s previous image in {@link #rows}, or -1. */
  int before(int i) {
    return changes[2 * i];
  }

  /** Change {@code i}'s new image in {@link #rows}, or -1. */
  int after(int i) {
    return changes[2 * i + 1];
  }

  /** Change {@code i} as protobuf parsed it, if it has more than its images; else null. */
  RowChange parsed(int i) {
    return parsed != null && i < parsed.length ? parsed[i] : null;
  }

  /** Change {@code i} as protobuf would have parsed it. */
  RowChange change(int i) {
    RowChange p = parsed(i);
    if (p != null) {
      return p;
    }
    RowChange.Builder c = RowChange.newBuilder();
    if (before(i) >= 0) {
      c.setBefore(row(before(i)));
    }
    if (after(i) >= 0) {
      c.setAfter(row(after(i)));
    }
    return c.build();
  }

  /** Row {@code r} of {@link #rows} as a protobuf message, its values over the message's bytes. */
  private Row row(int r) {
    Row.Builder row = Row.newBuilder();
    long[] lengths = rows.lengths();
    int first = rows.firstLength(r);
    for (int i = 0; i < rows.width(r); i++) {
      row.addLengths(lengths[first + i]);
    }
    return row.setValues(UnsafeByteOperations.unsafeWrap(wire, rows.valuesOffset(r), rows.valuesSize(r))).build();
  }

  /** The whole event, parsed by protobuf from its bytes (which the reader checked it can parse). */
  VEvent toProto() {
    try {
      return VEvent.parser().parseFrom(wire, from, to - from);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a ROW event the reader checked does not parse", e);
    }
  }
}
