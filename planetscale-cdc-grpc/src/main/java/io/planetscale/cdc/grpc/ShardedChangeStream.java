package io.planetscale.cdc.grpc;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.TableCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * A {@link ChangeStream#run} over several shards: one {@link ChangeStreamRun} per shard, each on a
 * daemon reader thread of its own, handing its records and cursors to the thread that called
 * {@code run} through one small bounded queue. That thread makes every listener call, so calls are
 * never concurrent, and a slow listener holds back the readers (a full queue blocks them) instead of
 * growing memory. The first failure of a shard or of the listener, an interrupt, or
 * {@link ChangeStream#close()} stops every shard; {@code run} returns only once every reader thread
 * has ended.
 */
final class ShardedChangeStream {
  /** Events in flight between the readers and the listener: enough to keep the readers busy, no more. */
  private static final int QUEUE_CAPACITY = 256;

  private final ChangeStreamControl control;
  private final ChangeStreamSettings settings;
  private final Function<String, ShardProtocol<?>> protocols;
  private final ChangeListener listener;
  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final List<Thread> readers = new ArrayList<>();
  /** Reader threads started; each ends by queueing one terminal event. */
  private int started;
  /** Terminal events taken so far. */
  private int ended;

  /**
   * What a reader hands over: a record or a cursor of its shard, or, last, its end (normal, or with
   * a failure).
   */
  private record Event(String shard, Record record, TableCursor cursor, SchemaChange change, Throwable failure,
      boolean end) {
    boolean terminal() {
      return end || failure != null;
    }
  }

  ShardedChangeStream(ChangeStreamControl control, Function<String, ShardProtocol<?>> protocols,
      ChangeListener listener) {
    this.control = control;
    this.settings = control.settings;
    this.protocols = protocols;
    this.listener = listener;
  }

  TableCursor run() {
    for (TableCursor start : settings.starts) {
      // Created here, so that every shard's stopAfter counts from now.
      ChangeStreamRun shardRun = new ChangeStreamRun(control, protocols.apply(start.shard()), start,
          new Forwarder(start.shard()));
      Thread t = new Thread(() -> read(start.shard(), shardRun),
          "change-stream-" + settings.tableName + "-" + start.shard());
      t.setDaemon(true);
      readers.add(t);
    }
    RuntimeException failure = null;
    Error error = null;
    try {
      for (Thread t : readers) {
        t.start();
        started++;
      }
      while (ended < started) {
        Event e = queue.take();
        if (e.terminal()) {
          ended++;
          if (e.failure() != null) {
            if (e.failure() instanceof Error) {
              error = (Error) e.failure();
            } else {
              failure = (RuntimeException) e.failure();
            }
            break;
          }
        } else if (!control.isClosed()) { // once closed, no callback starts: the rest is dropped
          failure = deliver(e);
          if (failure != null) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new PlanetScaleCdcException("interrupted while streaming table \"" + settings.tableName
          + "\" on shards " + ChangeStreamShards.names(settings.starts), e);
    } finally {
      stopAndAwaitReaders();
    }
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure;
    }
    return control.lastAccepted();
  }

  /** Hands {@code e} to the listener; returns the listener's failure, or null. */
  private RuntimeException deliver(Event e) {
    String what = e.record() != null ? "record " + e.record().operation()
        : e.change() != null ? "schema change" : "cursor at position [" + e.cursor().position() + "]";
    try {
      if (e.record() != null) {
        listener.onRecord(e.record());
      } else if (e.change() != null) {
        listener.onSchemaChange(e.change());
      } else {
        listener.onCursor(e.cursor());
        control.accepted(e.cursor());
      }
      return null;
    } catch (Exception thrown) {
      if (thrown instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      TableCursor resume = control.positions().get(e.shard());
      return new ChangeStream.ListenerException("the listener of table \"" + settings.tableName + "\" shard \""
          + e.shard() + "\" failed on a " + what + "; the stream stopped on every shard; resume shard \""
          + e.shard() + "\" from position [" + resume.position() + "]: " + thrown, resume, thrown);
    }
  }

  /**
   * Stops every shard (closing the stream; a no-op once they all ended) and waits for every reader's
   * terminal event, dropping the rest, so no reader is left blocked on a full queue. The wait is
   * not interruptible: an interrupt is kept for the caller.
   */
  private void stopAndAwaitReaders() {
    control.close();
    boolean interrupted = false;
    while (ended < started) {
      try {
        if (queue.take().terminal()) {
          ended++;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (Thread t : readers.subList(0, started)) {
      while (t.isAlive()) {
        try {
          t.join(); // it ends right after its terminal event
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A reader thread's body: the shard's run, then its terminal event, whatever happens. */
  private void read(String shard, ChangeStreamRun shardRun) {
    Event end;
    try {
      shardRun.run();
      end = new Event(shard, null, null, null, null, true);
    } catch (Throwable t) {
      end = new Event(shard, null, null, null, t, false);
    }
    hand(end);
  }

  /** Puts an event in the queue, waiting for room; the listener's thread always drains it. */
  private void hand(Event e) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(e);
        break;
      } catch (InterruptedException ie) {
        interrupted = true; // nothing here interrupts readers; the event must still arrive
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The listener a shard's run calls, on its reader thread: queues what it gets. Once the stream is
   * closed it drops them, so a stopping reader neither blocks nor fills the queue.
   */
  private final class Forwarder implements ChangeListener {
    private final String shard;

    Forwarder(String shard) {
      this.shard = shard;
    }

    @Override
    public void onRecord(Record record) {
      if (!control.isClosed()) {
        hand(new Event(shard, record, null, null, null, false));
      }
    }

    @Override
    public void onCursor(TableCursor cursor) {
      if (!control.isClosed()) {
        hand(new Event(shard, null, cursor, null, null, false));
      }
    }

    @Override
    public void onSchemaChange(SchemaChange change) {
      if (!control.isClosed()) {
        hand(new Event(shard, null, null, change, null, false));
      }
    }
  }
}
