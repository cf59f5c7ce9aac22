package io.planetscale.cdc.postgres;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the changes of streamed transactions ({@code streaming = on}: a transaction larger than
 * {@code logical_decoding_work_mem} arrives in segments before it commits) until their Stream Commit, when
 * they are delivered, or their Stream Abort, when they are dropped. Records are never delivered before the
 * commit, because an aborted transaction must leave no trace in the sink.
 *
 * <p>Memory stays bounded however large the transaction: the messages are kept as received (their bytes)
 * while all open transactions together hold less than {@code memoryBound} bytes; past that, each further
 * message of a transaction is appended to that transaction's temporary file, and the commit replays the
 * memory part, then the file, in order. A subtransaction's abort marks its id, whose messages the replay
 * skips. Not thread-safe: the replication loop owns it.
 */
final class StreamedTransactions implements AutoCloseable {
  /** Receives the messages of a committed transaction, in order. */
  interface Replay {
    void message(ByteBuffer message) throws Exception;
  }

  private record Held(long xid, byte[] bytes) {}

  private static final class Transaction {
    final List<Held> memory = new ArrayList<>();
    final Set<Long> abortedSubtransactions = new HashSet<>();
    long memoryBytes;
    Path file;
    DataOutputStream out;
    long fileMessages;
  }

  private final long memoryBound;
  private final Path spillDirectory;
  private final Map<Long, Transaction> open = new HashMap<>();
  private long memoryBytes;
  private long peakMemoryBytes;
  private long spilledMessages;

  StreamedTransactions(long memoryBound, Path spillDirectory) {
    this.memoryBound = memoryBound;
    this.spillDirectory = spillDirectory;
  }

  /** Holds one change message of transaction {@code topXid} (of its subtransaction {@code xid}). */
  void add(long topXid, long xid, ByteBuffer message) {
    Transaction transaction = open.computeIfAbsent(topXid, id -> new Transaction());
    byte[] bytes = new byte[message.remaining()];
    message.duplicate().get(bytes);
    try {
      if (transaction.out == null && memoryBytes + bytes.length <= memoryBound) {
        transaction.memory.add(new Held(xid, bytes));
        transaction.memoryBytes += bytes.length;
        memoryBytes += bytes.length;
        peakMemoryBytes = Math.max(peakMemoryBytes, memoryBytes);
        return;
      }
      if (transaction.out == null) {
        transaction.file = Files.createTempFile(spillDirectory, "pg-streamed-" + topXid + "-", ".bin");
        transaction.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(transaction.file),
            1 << 16));
      }
      transaction.out.writeLong(xid);
      transaction.out.writeInt(bytes.length);
      transaction.out.write(bytes);
      transaction.fileMessages++;
      spilledMessages++;
    } catch (IOException e) {
      throw new UncheckedIOException("could not spill streamed transaction " + topXid + " to " + spillDirectory, e);
    }
  }

  /** Drops a transaction ({@code subXid == topXid}) or marks one of its subtransactions aborted. */
  void abort(long topXid, long subXid) {
    if (subXid == topXid) {
      discard(open.remove(topXid));
    } else {
      Transaction transaction = open.get(topXid);
      if (transaction != null) {
        transaction.abortedSubtransactions.add(subXid);
      }
    }
  }

  /** Hands the committed transaction's messages to {@code replay}, in order, then forgets it. */
  void commit(long topXid, Replay replay) throws Exception {
    Transaction transaction = open.remove(topXid);
    if (transaction == null) {
      return; // a streamed transaction with no change of the publication's tables
    }
    try {
      for (Held held : transaction.memory) {
        if (!transaction.abortedSubtransactions.contains(held.xid)) {
          replay.message(ByteBuffer.wrap(held.bytes));
        }
      }
      if (transaction.out != null) {
        transaction.out.close();
        transaction.out = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(transaction.file),
            1 << 16))) {
          for (long i = 0; i < transaction.fileMessages; i++) {
            long xid = in.readLong();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            if (!transaction.abortedSubtransactions.contains(xid)) {
              replay.message(ByteBuffer.wrap(bytes));
            }
          }
        } catch (EOFException e) {
          throw new IOException("spill file " + transaction.file + " of streamed transaction " + topXid
              + " is shorter than written", e);
        }
      }
    } finally {
      discard(transaction);
    }
  }

  /** The bytes held in memory now, over all open transactions. */
  long memoryBytes() {
    return memoryBytes;
  }

  /** The most bytes held in memory at once. */
  long peakMemoryBytes() {
    return peakMemoryBytes;
  }

  /** The messages written to spill files so far. */
  long spilledMessages() {
    return spilledMessages;
  }

  /** Forgets every open transaction (a new replication session sends them again from their start). */
  void clear() {
    for (Transaction transaction : open.values()) {
      discard(transaction);
    }
    open.clear();
  }

  @Override
  public void close() {
    clear();
  }

  private void discard(Transaction transaction) {
    if (transaction == null) {
      return;
    }
    memoryBytes -= transaction.memoryBytes;
    transaction.memory.clear();
    transaction.memoryBytes = 0;
    try {
      if (transaction.out != null) {
        transaction.out.close();
      }
      if (transaction.file != null) {
        Files.deleteIfExists(transaction.file);
      }
    } catch (IOException e) {
      // A leftover temporary file is harmless; the transaction is gone either way.
    }
  }
}
