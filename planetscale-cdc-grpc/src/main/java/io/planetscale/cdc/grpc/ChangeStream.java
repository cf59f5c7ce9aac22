package io.planetscale.cdc.grpc;

import io.planetscale.cdc.grpc.internal.GrpcChannels;
import io.grpc.ManagedChannel;
import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.internal.proto.psdbconnect.ConnectGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A continuous change stream of one table on one shard, over psdbconnect {@code Sync} with inserts,
 * updates and deletes: what {@code planetscale-stream-ts}'s {@code PlanetScaleVStream} is to
 * TypeScript. It starts now ({@code "current"}, the default), at the beginning (a full copy of the
 * table first, delivered as inserts, then every change), or at a saved cursor; it stops once a
 * position is reached, after a duration, or never; and {@link #close()} stops it from any thread.
 *
 * <pre>{@code
 * Stream orders = catalog.stream("orders").orElseThrow();
 * try (ChangeStream stream = ChangeStream.builder(source, orders)
 *     .startAt(savedCursor)                 // or startAtCurrent() / startAtBeginning()
 *     .stopAfter(Duration.ofMinutes(5))     // or stopAt(position); never stops by default
 *     .build()) {
 *   TableCursor last = stream.run(new ChangeListener() {
 *     public void onRecord(Record r) {
 *       switch (r.operation()) {
 *         case INSERT -> upsert(r.data());
 *         case UPDATE -> upsert(r.data());  // r.before() holds the previous image
 *         case DELETE -> delete(r.data());  // the primary key
 *       }
 *     }
 *     public void onCursor(TableCursor cursor) {
 *       save(cursor);                       // everything before it is applied
 *     }
 *   });
 *   save(last);
 * }
 * }</pre>
 *
 * <p>{@link #run} blocks the calling thread, which receives every callback in stream order. It reads
 * in windows of the read window ({@link ConnectOptions}, else the source's {@code timeout_seconds}):
 * when a window's deadline
 * passes, the next window continues from the last cursor. Transient failures ({@code UNAVAILABLE},
 * reset connections, ...) are retried from the last cursor with the {@link io.planetscale.cdc.RetryPolicy}'s
 * backoff; its attempt count starts over whenever the stream makes progress. Records delivered after
 * the last cursor may be delivered again after a retry, with the same {@link io.planetscale.cdc.RecordPosition}
 * (position of the preceding cursor, sequence since it), so they can be de-duplicated.
 *
 * <p>A {@code ChangeStream} runs once. {@link #close()} may be called from any thread, at any time,
 * any number of times.
 */
public final class ChangeStream implements AutoCloseable {
  // Read by ChangeStreamRun.
  final PlanetScaleSource source;
  final Stream table;
  final String tableName;
  final TableCursor start;
  final String stopPosition;
  final Duration stopAfter;
  final List<String> columns;
  final TabletType tabletType;
  final List<String> cells;
  final ConnectOptions options;

  private final Object lock = new Object();
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private ManagedChannel channel; // guarded by lock
  private SyncCall call; // guarded by lock

  private ChangeStream(Builder b, TableCursor start) {
    this.source = b.source;
    this.table = b.table;
    this.tableName = b.table.tableName().isEmpty() ? b.table.name() : b.table.tableName();
    this.start = start;
    this.stopPosition = b.stopPosition;
    this.stopAfter = b.stopAfter;
    this.columns = b.columns != null ? b.columns : List.copyOf(b.table.schema().properties().keySet());
    this.tabletType = b.tabletType != null ? b.tabletType : b.source.tabletType();
    this.cells = b.cells;
    this.options = b.connectOptions.forSource(b.source);
  }

  /**
   * Starts building a stream of {@code table} on shard {@code "-"}, from now on, never stopping.
   *
   * @param source where to connect and with which credentials; its database is the keyspace
   * @param table the table as a catalog stream (e.g. from {@code PlanetScaleClient.discover}): its
   *     schema converts the values, its key properties form the data of deletes
   * @return a builder
   */
  public static Builder builder(PlanetScaleSource source, Stream table) {
    return new Builder(Objects.requireNonNull(source, "source"), Objects.requireNonNull(table, "table"));
  }

  /**
   * Streams until the stop condition is met or {@link #close()} is called, handing every record and
   * cursor to {@code listener} on this thread, in order.
   *
   * @param listener receives the records and cursors
   * @return the last cursor delivered to the listener (the start cursor if none was): resuming from
   *     it with {@link Builder#startAt(TableCursor)} continues right after it. Returns at once, with
   *     the start cursor, if the stream was closed before it ran, or a saved cursor already reached
   *     the stop position.
   * @throws ListenerException if a callback threw; the stream is stopped
   * @throws io.planetscale.cdc.StaleCursorException if the server no longer has the binary logs the
   *     cursor needs: start again from the beginning
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws io.planetscale.cdc.ConnectionException if the server stays unavailable after every retry
   * @throws io.planetscale.cdc.SchemaMismatchException if the rows do not fit the table's schema
   * @throws PlanetScaleCdcException for any other failure, and if the thread was interrupted (its
   *     interrupt flag is then set again)
   * @throws IllegalStateException if this stream already ran
   */
  public TableCursor run(ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    ConnectGrpc.ConnectStub stub;
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("this ChangeStream already ran; build a new one to stream again");
      }
      started = true;
      if (closed) {
        return start;
      }
      channel = GrpcChannels.open(source, options);
      ConnectGrpc.ConnectStub s = ConnectGrpc.newStub(channel);
      stub = options.gzip() ? s.withCompression("gzip") : s;
    }
    try {
      return new ChangeStreamRun(this, stub, listener).run();
    } finally {
      ManagedChannel c;
      synchronized (lock) {
        c = channel;
      }
      c.shutdownNow();
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops the stream: a running {@link #run} returns its last cursor promptly (the open call is
   * cancelled, a retry wait ends), and a later one returns at once. A callback already in progress
   * finishes first; none starts after {@code run} returns. Idempotent; callable from any thread.
   */
  @Override
  public void close() {
    SyncCall c;
    ManagedChannel ch;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      c = call;
      ch = channel;
    }
    closedSignal.countDown();
    if (c != null) {
      c.cancel();
    }
    if (ch != null) {
      ch.shutdownNow();
    }
  }

  /** @return the table name, shard and start position (never credentials) */
  @Override
  public String toString() {
    return "ChangeStream{table=" + table.name() + ", shard=" + start.shard() + ", start=[" + start.position() + "]}";
  }

  // ---- for ChangeStreamRun ----

  /** Opens a call unless closed, registering it so that {@link #close()} cancels it; null if closed. */
  SyncCall open(ConnectGrpc.ConnectStub stub, TableCursor from) {
    synchronized (lock) {
      if (closed) {
        return null;
      }
      call = SyncCall.open(stub, SyncMessages.request(tableName, from, tabletType,
          true, true, true, columns, cells));
      return call;
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

  /**
   * A callback of the {@link ChangeListener} threw, which stopped the stream. The cause is the
   * listener's exception; {@link #cursor()} is where to resume so that nothing is lost.
   */
  public static final class ListenerException extends PlanetScaleCdcException {
    private static final long serialVersionUID = 1L;

    private final transient TableCursor cursor;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the table, shard and position
     * @param cursor the last cursor the listener accepted, or the start cursor
     * @param cause the listener's exception
     */
    public ListenerException(String message, TableCursor cursor, Throwable cause) {
      super(message, cause);
      this.cursor = cursor;
    }

    /**
     * @return the last cursor whose {@link ChangeListener#onCursor} returned normally (the start
     *     cursor if none did): resuming from it delivers the failed record again
     */
    public TableCursor cursor() {
      return cursor;
    }
  }

  /**
   * Builds a {@link ChangeStream}. Defaults: shard {@code "-"}, start at the current position, never
   * stop, the stream's schema columns, the source's tablet type, no cells, {@link ConnectOptions#defaults()}.
   */
  public static final class Builder {
    private final PlanetScaleSource source;
    private final Stream table;
    private String shard;
    private String startPosition = TableCursor.CURRENT;
    private TableCursor startCursor;
    private String stopPosition;
    private Duration stopAfter;
    private List<String> columns;
    private TabletType tabletType;
    private List<String> cells = List.of();
    private ConnectOptions connectOptions = ConnectOptions.defaults();

    private Builder(PlanetScaleSource source, Stream table) {
      this.source = source;
      this.table = table;
    }

    /**
     * @param value the shard to stream, e.g. {@code "-"} (an unsharded keyspace, the default) or {@code "-80"}
     * @return this builder
     */
    public Builder shard(String value) {
      Objects.requireNonNull(value, "value");
      if (value.isBlank()) {
        throw new IllegalArgumentException("shard must not be blank");
      }
      shard = value;
      return this;
    }

    /**
     * Starts at the shard's current position: only changes from now on (the default).
     *
     * @return this builder
     */
    public Builder startAtCurrent() {
      startPosition = TableCursor.CURRENT;
      startCursor = null;
      return this;
    }

    /**
     * Starts with a full copy of the table, delivered as {@link io.planetscale.cdc.Operation#INSERT}s
     * in primary-key order, then streams every change since the copy's snapshot.
     *
     * @return this builder
     */
    public Builder startAtBeginning() {
      startPosition = "";
      startCursor = null;
      return this;
    }

    /**
     * Resumes right after a cursor a previous stream (or a sync) delivered, including one in the
     * middle of a copy. The stream's shard is the cursor's.
     *
     * @param cursor the cursor to resume from
     * @return this builder
     */
    public Builder startAt(TableCursor cursor) {
      startCursor = Objects.requireNonNull(cursor, "cursor");
      return this;
    }

    /**
     * Stops once a cursor outside any copy has reached {@code position} (as GTID sets: at or past
     * it): at once if it moved past it, else after the settle interval of
     * {@link ConnectOptions#readOptions()} (500 ms by default) without further responses, since
     * more responses at the same position may follow.
     *
     * @param position a GTID position of the shard, e.g. {@code MySQL56/<uuid>:1-42}
     * @return this builder
     * @throws IllegalArgumentException if {@code position} is not a MySQL56 GTID set
     */
    public Builder stopAt(String position) {
      Objects.requireNonNull(position, "position");
      if (position.isBlank() || TableCursor.CURRENT.equals(position)) {
        throw new IllegalArgumentException("stopAt needs a GTID position such as MySQL56/<uuid>:1-42, got \""
            + position + "\"");
      }
      try {
        GtidSet.parse(position);
      } catch (IllegalArgumentException e) {
        // Anything else could only ever be reached by exact string equality: the stream would never stop.
        throw new IllegalArgumentException("stopAt needs a GTID position such as MySQL56/<uuid>:1-42: "
            + e.getMessage(), e);
      }
      stopPosition = position;
      return this;
    }

    /**
     * Stops this long after {@link ChangeStream#run} started.
     *
     * @param duration how long to stream, positive
     * @return this builder
     */
    public Builder stopAfter(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("stopAfter must be positive, was " + duration);
      }
      stopAfter = duration;
      return this;
    }

    /**
     * @param value the columns to request and deliver, in order; empty for every column the server
     *     sends. By default the stream's schema properties (every column if the schema has none).
     * @return this builder
     */
    public Builder columns(List<String> value) {
      columns = List.copyOf(value);
      return this;
    }

    /**
     * @param value the kind of tablet to read from; by default {@link PlanetScaleSource#tabletType()}
     * @return this builder
     */
    public Builder tabletType(TabletType value) {
      tabletType = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value the cells to read from; empty (the default) lets the server choose
     * @return this builder
     */
    public Builder cells(List<String> value) {
      cells = List.copyOf(value);
      return this;
    }

    /**
     * @param value the transport settings, read window, settle interval and retry policy (a read window
     *     or retry policy not set there comes from the source's {@code timeout_seconds} and
     *     {@code max_retries})
     * @return this builder
     */
    public Builder connectOptions(ConnectOptions value) {
      connectOptions = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @return the stream, not yet connected
     * @throws IllegalArgumentException if the {@link #startAt} cursor belongs to another keyspace,
     *     or to another shard than the one given with {@link #shard}
     */
    public ChangeStream build() {
      TableCursor from;
      if (startCursor != null) {
        if (!startCursor.keyspace().equals(source.database())) {
          throw new IllegalArgumentException("the start cursor is of keyspace \"" + startCursor.keyspace()
              + "\", but the source's database is \"" + source.database() + "\"");
        }
        if (shard != null && !shard.equals(startCursor.shard())) {
          throw new IllegalArgumentException("the start cursor is of shard \"" + startCursor.shard()
              + "\", but shard \"" + shard + "\" was asked for");
        }
        from = startCursor;
      } else {
        from = TableCursor.of(shard != null ? shard : "-", source.database(), startPosition);
      }
      return new ChangeStream(this, from);
    }
  }
}
