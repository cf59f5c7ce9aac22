package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.TableCursor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The running side of a {@link ChangeStream}: its one run (on the channel it opens and shuts), its
 * closing from any thread, the open call of each shard (cancelled on close), and the last cursor the
 * listener accepted on each shard. Thread-safe; {@link ChangeStreamRun} and
 * {@link ShardedChangeStream} report to it.
 */
final class ChangeStreamControl {
  final ChangeStreamSettings settings;

  private final Object lock = new Object();
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private EdgeChannel channel; // guarded by lock
  /** The open call of each shard, to cancel on close. */
  private final Map<String, StreamCall<?>> calls = new HashMap<>(); // guarded by lock
  /** The last cursor the listener accepted on each shard (its start cursor before any), in shard order. */
  private final Map<String, TableCursor> positions = new LinkedHashMap<>(); // guarded by lock
  private TableCursor lastAccepted; // guarded by lock

  ChangeStreamControl(ChangeStreamSettings settings) {
    this.settings = settings;
    for (TableCursor start : settings.starts) {
      positions.put(start.shard(), start);
    }
  }

  /** {@link ChangeStream#run}: opens the channel, reads every shard, and shuts the channel. */
  TableCursor run(ChangeListener listener) {
    Function<String, ShardProtocol<?>> protocols;
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("this ChangeStream already ran; build a new one to stream again");
      }
      started = true;
      if (closed) {
        return settings.starts.get(0);
      }
      channel = EdgeChannel.open(settings.source, settings.options);
      protocols = settings.protocols(channel);
    }
    try {
      if (settings.starts.size() == 1) {
        TableCursor start = settings.starts.get(0);
        return new ChangeStreamRun(this, protocols.apply(start.shard()), start, tracking(listener)).run();
      }
      return new ShardedChangeStream(this, protocols, listener).run();
    } finally {
      EdgeChannel c;
      synchronized (lock) {
        c = channel;
      }
      c.close();
    }
  }

  /** {@link ChangeStream#positions()}: shard → last accepted cursor, in shard order; a snapshot. */
  Map<String, TableCursor> positions() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }
  }

  /** {@link ChangeStream#close()}: cancels the open calls and shuts the channel; idempotent. */
  void close() {
    List<StreamCall<?>> open;
    EdgeChannel ch;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(calls.values());
      ch = channel;
    }
    closedSignal.countDown();
    for (StreamCall<?> c : open) {
      c.cancel();
    }
    if (ch != null) {
      ch.shutdownNow();
    }
  }

  /**
   * Registers the call just opened on {@code shard} (in place of that shard's previous call), so that
   * {@link #close()} cancels it; false if already closed.
   */
  boolean register(String shard, StreamCall<?> call) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      calls.put(shard, call);
      return true;
    }
  }

  /** Records a cursor the listener accepted, for {@link #positions()} and the result of a sharded run. */
  void accepted(TableCursor cursor) {
    synchronized (lock) {
      positions.put(cursor.shard(), cursor);
      lastAccepted = cursor;
    }
  }

  /** @return the last cursor the listener accepted on any shard, or the first shard's start cursor */
  TableCursor lastAccepted() {
    synchronized (lock) {
      return lastAccepted != null ? lastAccepted : settings.starts.get(0);
    }
  }

  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Waits until closed, at most {@code nanos}; true if closed. */
  boolean awaitClosed(long nanos) throws InterruptedException {
    return closedSignal.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** The listener, recording each cursor it accepts. */
  private ChangeListener tracking(ChangeListener listener) {
    return new ChangeListener() {
      @Override
      public void onRecord(Record record) throws Exception {
        listener.onRecord(record);
      }

      @Override
      public void onCursor(TableCursor cursor) throws Exception {
        listener.onCursor(cursor);
        accepted(cursor);
      }

      @Override
      public void onSchemaChange(SchemaChange change) throws Exception {
        listener.onSchemaChange(change);
      }
    };
  }
}
