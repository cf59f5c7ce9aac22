package io.planetscale.cdc.kafka.connect;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records the shard streams of a task have converted, waiting for {@code poll()}: bounded, so
 * that a slow Kafka makes the streams wait instead of filling memory. Each {@link #put} adds a
 * piece of a unit (a transaction, a chunk of one, a copy batch, heartbeats) atomically, so the
 * pieces of different streams never interleave inside a put.
 */
final class RecordQueue {
  /**
   * A queued record.
   *
   * @param record the record
   * @param unit what it belongs to, e.g. a shard (pieces of one open transaction share it)
   * @param first whether it is the first record of its put
   * @param endsUnit whether it is the last record of a put that ends its unit (a transaction's last chunk)
   */
  record Entry(SourceRecord record, String unit, boolean first, boolean endsUnit) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private boolean closed;

  /** @param capacity records held before {@link #put} waits (a bigger piece still enters an empty queue) */
  RecordQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds records, waiting while the queue is full.
   *
   * @param unit what they belong to
   * @param records the records, in order
   * @param endsUnit whether the last of them ends the unit
   * @throws InterruptedException if interrupted or the queue is closed while waiting
   */
  void put(String unit, List<SourceRecord> records, boolean endsUnit) throws InterruptedException {
    if (records.isEmpty()) {
      return;
    }
    lock.lockInterruptibly();
    try {
      while (!closed && !entries.isEmpty() && entries.size() + records.size() > capacity) {
        notFull.await();
      }
      if (closed) {
        throw new InterruptedException("the task is stopping");
      }
      for (int i = 0; i < records.size(); i++) {
        entries.add(new Entry(records.get(i), unit, i == 0, endsUnit && i == records.size() - 1));
      }
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} records, waiting at most {@code timeout} for the first.
   *
   * @return the records in order; empty if none came in time or the queue is closed
   * @throws InterruptedException if interrupted while waiting
   */
  List<Entry> poll(Duration timeout, int max) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (entries.isEmpty() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return List.of();
        }
        notEmpty.await(left, TimeUnit.NANOSECONDS);
      }
      List<Entry> out = new ArrayList<>(Math.min(max, entries.size()));
      while (out.size() < max && !entries.isEmpty()) {
        out.add(entries.poll());
      }
      notFull.signalAll();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes and fails every waiting {@link #put}; later puts fail at once. */
  void close() {
    lock.lock();
    try {
      closed = true;
      notFull.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
