package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running side of a {@link KeyspaceStream}: one call at a time from the last accepted position,
 * the events applied in order ({@link KeyspaceEvents}), transient failures retried with backoff (the
 * attempts count again from the first after a call that made progress), and {@link #close()} from
 * any thread.
 */
final class KeyspaceRun {
  private static final Logger LOG = LoggerFactory.getLogger(KeyspaceRun.class);
  /** How long one wait for a response lasts before close and the stop time are looked at again. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final PlanetScaleSource source;
  private final ConnectOptions options;
  private final Catalog catalog;
  private final List<String> tables;
  private final KeyspaceRequest request;
  private final int chunkRecords;
  private final long chunkBytes;
  private final Duration stopAfter;
  private final Object lock = new Object();
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private volatile VGtid accepted;
  private boolean started;
  private boolean closed;
  private EdgeChannel channel;
  private StreamCall<VStreamMessage> call;

  KeyspaceRun(PlanetScaleSource source, ConnectOptions options, Catalog catalog, List<String> tables,
      KeyspaceRequest request, VGtid start, int chunkRecords, long chunkBytes, Duration stopAfter) {
    this.source = source;
    this.options = options.forSource(source);
    this.catalog = catalog;
    this.tables = tables;
    this.request = request;
    this.accepted = start;
    this.chunkRecords = chunkRecords;
    this.chunkBytes = chunkBytes;
    this.stopAfter = stopAfter;
  }

  VGtid position() {
    return accepted;
  }

  VGtid run(TransactionListener listener) {
    synchronized (lock) {
      if (started) {
        throw new PlanetScaleCdcException("a KeyspaceStream runs once; build another to run again");
      }
      started = true;
      if (closed) {
        return accepted;
      }
      channel = EdgeChannel.open(source, options);
    }
    long stopAt = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
    RetryPolicy retries = options.readOptions().retryPolicy();
    int failures = 0;
    try {
      while (true) {
        KeyspacePosition position = new KeyspacePosition(accepted);
        KeyspaceEvents events = new KeyspaceEvents(catalog, tables, options.binlogRowImage(), chunkRecords, chunkBytes,
            position,
            listener, v -> accepted = v);
        StreamCall<VStreamMessage> c = channel.openVStream(request.request(accepted));
        synchronized (lock) {
          if (closed) {
            c.cancel();
            return accepted;
          }
          call = c;
        }
        VGtid before = accepted;
        Status end = read(c, events, stopAt);
        if (end == null) {
          return accepted; // closed or out of time
        }
        if (accepted != before) {
          failures = 0; // progress: the attempts count again
        }
        failures++;
        String where = "streaming keyspace \"" + source.database() + "\" from " + accepted.toJson();
        if (StatusClassifier.isPurgedBinlogs(end)) {
          throw new StaleCursorException(String.join(",", tables), String.join(",", accepted.shards()),
              accepted.toJson(), end.asRuntimeException());
        }
        boolean transientEnd = end.isOk() || StatusClassifier.isRetryable(end);
        if (!transientEnd || failures >= retries.maxAttempts()) {
          throw StatusClassifier.toException(where, end.isOk() ? Status.UNAVAILABLE.withDescription(
              "the server ended the stream") : end);
        }
        LOG.info("{} ended ({}); retry {} of {}", where, end.getCode(), failures, retries.maxAttempts() - 1);
        long wait = Math.min(retries.backoff(failures - 1).toNanos(), stopAt - System.nanoTime());
        if (closedSignal.await(Math.max(0, wait), TimeUnit.NANOSECONDS) || System.nanoTime() >= stopAt) {
          return accepted;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlanetScaleCdcException("interrupted while streaming keyspace \"" + source.database() + "\"", e);
    } finally {
      synchronized (lock) {
        if (call != null) {
          call.cancel();
        }
        channel.close();
      }
    }
  }

  /**
   * Reads one call until it ends (its status) or the stream is closed or out of time (null).
   */
  private Status read(StreamCall<VStreamMessage> c, KeyspaceEvents events, long stopAt)
      throws InterruptedException {
    try {
      while (true) {
        if (isClosed() || System.nanoTime() >= stopAt) {
          c.cancel();
          return null;
        }
        VStreamMessage r = c.read(Math.min(POLL_NANOS, Math.max(1, stopAt - System.nanoTime())));
        if (r == null) {
          Status end = c.end();
          if (end != null) {
            return end;
          }
          continue;
        }
        try {
          events.apply(r);
        } catch (KeyspaceEvents.ListenerFailure e) {
          c.cancel();
          throw new KeyspaceStream.ListenerException("the listener of keyspace \"" + source.database()
              + "\" threw after position " + accepted.toJson() + ": " + e.getCause(), accepted, e.getCause());
        } catch (RuntimeException e) {
          c.cancel();
          throw e;
        }
      }
    } finally {
      events.reset();
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (call != null) {
        call.cancel();
      }
    }
    closedSignal.countDown();
  }
}
