package io.planetscale.cdc.grpc;

import io.grpc.ManagedChannel;
import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.spi.MysqlAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A continuous change stream of one table, over Vitess {@code VStream} (or psdbconnect {@code Sync},
 * see {@link Builder#transport}) with inserts, updates, deletes and schema changes: what {@code planetscale-stream-ts}'s {@code PlanetScaleVStream} is to TypeScript. By
 * default it follows every shard of the keyspace ({@link PlanetScaleSource#shards()} when the source
 * names some, else those the keyspace has); {@link Builder#shard}, {@link Builder#shards} or start
 * cursors pick others. It starts now ({@code "current"}, the default), at the beginning (a full copy
 * of the table first, delivered as inserts, then every change), or at saved cursors; it stops once a
 * position is reached, after a duration, or never; and {@link #close()} stops it from any thread.
 *
 * <pre>{@code
 * Stream orders = catalog.stream("orders").orElseThrow();
 * try (ChangeStream stream = ChangeStream.builder(source, orders)   // every shard of the keyspace
 *     .startAt(savedCursors)                // one per shard; or startAtCurrent() / startAtBeginning()
 *     .stopAfter(Duration.ofMinutes(5))     // never stops by default
 *     .build()) {
 *   stream.run(new ChangeListener() {
 *     public void onRecord(Record r) {
 *       switch (r.operation()) {
 *         case INSERT -> upsert(r.data());
 *         case UPDATE -> upsert(r.data());  // r.before() holds the previous image
 *         case DELETE -> delete(r.data());  // the primary key
 *       }
 *     }
 *     public void onCursor(TableCursor cursor) {
 *       save(cursor.shard(), cursor);       // everything of that shard before it is applied
 *     }
 *   });
 *   stream.positions().forEach(this::save); // the last cursor of every shard
 * }
 * }</pre>
 *
 * <p>{@link #run} blocks the calling thread, which receives every callback: in stream order for
 * each shard, shards interleaved, never two at a time. With several shards, each is read by a
 * reader thread of its own that hands its records and cursors over through a small bounded queue, so
 * a slow listener holds back the readers and memory stays bounded; a failure on any shard, or of
 * the listener, stops every shard, and no reader thread outlives {@code run}. Each shard is read in
 * windows of the read window ({@link ConnectOptions}, else the source's {@code timeout_seconds}):
 * when a window's deadline
 * passes, the next window continues from the last cursor. Transient failures ({@code UNAVAILABLE},
 * reset connections, ...) are retried from the last cursor with the {@link io.planetscale.cdc.RetryPolicy}'s
 * backoff; its attempt count starts over whenever the shard makes progress. Records delivered after
 * the last cursor may be delivered again after a retry, with the same {@link io.planetscale.cdc.RecordPosition}
 * (the position that covers them and their sequence within it), so they can be de-duplicated. Once a
 * stop position is reached, every response at that position is read and the shard is done.
 *
 * <p>A {@code ChangeStream} runs once. {@link #close()} may be called from any thread, at any time,
 * any number of times.
 */
public final class ChangeStream implements AutoCloseable {
  // Read by ChangeStreamRun and ShardedChangeStream.
  final PlanetScaleSource source;
  final Stream table;
  final String tableName;
  /** Where each shard starts, in shard order; one element for a one-shard stream. */
  final List<TableCursor> starts;
  final String stopPosition;
  final Duration stopAfter;
  final List<String> columns;
  final TabletType tabletType;
  final List<String> cells;
  final ConnectOptions options;
  final Transport transport;

  private final Object lock = new Object();
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private ManagedChannel channel; // guarded by lock
  /** The open call of each shard, to cancel on close. */
  private final Map<String, StreamCall<?>> calls = new HashMap<>(); // guarded by lock
  /** The last cursor the listener accepted on each shard (its start cursor before any), in shard order. */
  private final Map<String, TableCursor> positions = new LinkedHashMap<>(); // guarded by lock
  private TableCursor lastAccepted; // guarded by lock

  private ChangeStream(Builder b, List<TableCursor> starts) {
    this.source = b.source;
    this.table = b.table;
    this.tableName = b.table.tableName().isEmpty() ? b.table.name() : b.table.tableName();
    this.starts = starts;
    for (TableCursor start : starts) {
      positions.put(start.shard(), start);
    }
    this.stopPosition = b.stopPosition;
    this.stopAfter = b.stopAfter;
    this.columns = b.columns != null ? b.columns : List.copyOf(b.table.schema().properties().keySet());
    this.tabletType = b.tabletType != null ? b.tabletType : b.source.tabletType();
    this.cells = b.cells;
    this.options = b.connectOptions.forSource(b.source);
    this.transport = b.transport;
  }

  /**
   * Starts building a stream of {@code table} on every shard of the keyspace, from now on, never
   * stopping.
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
   * cursor to {@code listener} on this thread: in order for each shard, never two callbacks at a time.
   *
   * @param listener receives the records and cursors
   * @return the last cursor delivered to the listener (the start cursor if none was; with several
   *     shards, that of the first shard). For a one-shard stream, resuming from it with
   *     {@link Builder#startAt(TableCursor)} continues right after it; with several shards it is only
   *     the last shard's: resume from every shard's with {@link #positions()} and
   *     {@link Builder#startAt(Collection)}. Returns at once, with the start cursor, if the stream was
   *     closed before it ran, or a saved cursor already reached the stop position.
   * @throws ListenerException if a callback threw; every shard is stopped
   * @throws io.planetscale.cdc.StaleCursorException if the server no longer has the binary logs a
   *     shard's cursor needs: start that shard again from the beginning
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws io.planetscale.cdc.ConnectionException if the server stays unavailable after every retry
   * @throws io.planetscale.cdc.SchemaMismatchException if the rows do not fit the table's schema
   * @throws PlanetScaleCdcException for any other failure, and if the thread was interrupted (its
   *     interrupt flag is then set again)
   * @throws IllegalStateException if this stream already ran
   */
  public TableCursor run(ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    Function<String, ShardProtocol<?>> protocols;
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("this ChangeStream already ran; build a new one to stream again");
      }
      started = true;
      if (closed) {
        return starts.get(0);
      }
      channel = options.openChannel(source);
      protocols = protocols(channel);
    }
    try {
      if (starts.size() == 1) {
        TableCursor start = starts.get(0);
        return new ChangeStreamRun(this, protocols.apply(start.shard()), start, tracking(listener)).run();
      }
      return new ShardedChangeStream(this, protocols, listener).run();
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
   * Where each shard stands: the last cursor the listener accepted on it (whose
   * {@link ChangeListener#onCursor} returned normally), or its start cursor before any. Resuming with
   * {@link Builder#startAt(Collection)} from these continues every shard right after them. Callable
   * from any thread, during and after {@link #run}.
   *
   * @return shard → cursor, in shard key-range order; a snapshot
   */
  public Map<String, TableCursor> positions() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }
  }

  /**
   * Stops the stream: a running {@link #run} returns its last cursor promptly (the open call is
   * cancelled, a retry wait ends), and a later one returns at once. A callback already in progress
   * finishes first; none starts after {@code run} returns. Idempotent; callable from any thread.
   */
  @Override
  public void close() {
    List<StreamCall<?>> open;
    ManagedChannel ch;
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

  /** @return the table name and each shard's start position (never credentials) */
  @Override
  public String toString() {
    if (starts.size() == 1) {
      TableCursor start = starts.get(0);
      return "ChangeStream{table=" + table.name() + ", shard=" + start.shard() + ", start=[" + start.position() + "]}";
    }
    StringBuilder text = new StringBuilder("ChangeStream{table=").append(table.name()).append(", shards={");
    for (int i = 0; i < starts.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(starts.get(i).shard()).append("=[").append(starts.get(i).position())
          .append(']');
    }
    return text.append("}}").toString();
  }

  // ---- for ChangeStreamRun and ShardedChangeStream ----

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

  /** The transport's reader of each shard of this stream, on {@code channel}. */
  private Function<String, ShardProtocol<?>> protocols(ManagedChannel channel) {
    String keyspace = starts.get(0).keyspace();
    if (transport == Transport.VSTREAM) {
      VitessGrpc.VitessStub s = VitessGrpc.newStub(channel);
      VitessGrpc.VitessStub stub = options.gzip() ? s.withCompression("gzip") : s;
      return shard -> new VStreamProtocol(stub, tableName, keyspace, shard, tabletType, cells, options.minimizeSkew(),
          options.heartbeatInterval(), options.binlogRowImage());
    }
    ConnectGrpc.ConnectStub s = ConnectGrpc.newStub(channel);
    ConnectGrpc.ConnectStub stub = options.gzip() ? s.withCompression("gzip") : s;
    return shard -> new ConnectProtocol(stub, tableName, shard, tabletType, cells, columns, true, true, true);
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
      return lastAccepted != null ? lastAccepted : starts.get(0);
    }
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
   * listener's exception; {@link #cursor()} is where to resume the failing shard so that nothing is
   * lost. With several shards, {@link ChangeStream#positions()} gives where to resume each.
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
   * Builds a {@link ChangeStream}. Defaults: every shard of the keyspace, start at the current
   * position, never stop, the stream's schema columns, the source's tablet type, no cells,
   * {@link ConnectOptions#defaults()}.
   *
   * <p>Which shards: those of the start cursors when {@link #startAt} gave some; else those given with
   * {@link #shard} or {@link #shards}; else {@link PlanetScaleSource#shards()} when the source names
   * some; else every shard of the keyspace, asked of the {@link #mysql} access or, without one, of
   * the {@link MysqlAccess} that a module on the classpath provides (planetscale-cdc-jdbc), found as
   * {@link PlanetScaleClient#create} finds it. Shards are read in key-range order.
   */
  public static final class Builder {
    private final PlanetScaleSource source;
    private final Stream table;
    private List<String> shards;
    private String startPosition = TableCursor.CURRENT;
    private List<TableCursor> startCursors;
    private MysqlAccess mysql;
    private String stopPosition;
    private Duration stopAfter;
    private List<String> columns;
    private TabletType tabletType;
    private List<String> cells = List.of();
    private ConnectOptions connectOptions = ConnectOptions.defaults();
    private Transport transport = Transport.VSTREAM;

    private Builder(PlanetScaleSource source, Stream table) {
      this.source = source;
      this.table = table;
    }

    /**
     * Streams this one shard only.
     *
     * @param value the shard, e.g. {@code "-"} (an unsharded keyspace) or {@code "-80"}
     * @return this builder
     */
    public Builder shard(String value) {
      return shards(List.of(Objects.requireNonNull(value, "value")));
    }

    /**
     * Streams these shards (instead of every shard of the keyspace).
     *
     * @param value the shards, e.g. {@code ["-80", "80-"]}; in any order, each once
     * @return this builder
     * @throws IllegalArgumentException if the list is empty, or a name is blank or given twice
     */
    public Builder shards(List<String> value) {
      shards = ChangeStreamShards.checkNames(value);
      return this;
    }

    /**
     * Where to ask for the keyspace's shards when neither this builder nor the source names them. The
     * stream does not close it.
     *
     * @param value the schema and topology access, e.g. {@code FakePlanetScale.mysqlAccess()}
     * @return this builder
     */
    public Builder mysql(MysqlAccess value) {
      mysql = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Starts at each shard's current position: only changes from now on (the default).
     *
     * @return this builder
     */
    public Builder startAtCurrent() {
      startPosition = TableCursor.CURRENT;
      startCursors = null;
      return this;
    }

    /**
     * Starts with a full copy of the table, delivered as {@link io.planetscale.cdc.Operation#INSERT}s
     * in primary-key order on each shard, then streams every change since the copy's snapshot.
     *
     * @return this builder
     */
    public Builder startAtBeginning() {
      startPosition = "";
      startCursors = null;
      return this;
    }

    /**
     * Resumes one shard right after a cursor a previous stream (or a sync) delivered, including one
     * in the middle of a copy. The stream's only shard is the cursor's.
     *
     * @param cursor the cursor to resume from
     * @return this builder
     */
    public Builder startAt(TableCursor cursor) {
      startCursors = List.of(Objects.requireNonNull(cursor, "cursor"));
      return this;
    }

    /**
     * Resumes several shards, each right after its cursor (e.g. the {@link ChangeStream#positions()}
     * of a previous stream). The stream's shards are the cursors'.
     *
     * @param cursors one cursor per shard, of one keyspace
     * @return this builder
     * @throws IllegalArgumentException if there is none, or two are of the same shard or of different
     *     keyspaces
     */
    public Builder startAt(Collection<TableCursor> cursors) {
      startCursors = ChangeStreamShards.checkCursors(cursors);
      return this;
    }

    /**
     * Stops once a cursor outside any copy has reached {@code position} (as GTID sets: at or past
     * it): at once if it moved past it, else after the settle interval of
     * {@link ConnectOptions#readOptions()} (200 ms by default) without further responses, since
     * more responses at the same position may follow. A GTID position is one shard's, so this needs
     * a one-shard stream.
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
     * @param value the protocol to stream with ({@link Transport#VSTREAM} by default); positions are
     *     the same on both, so a cursor from either starts the other
     * @return this builder
     */
    public Builder transport(Transport value) {
      transport = Objects.requireNonNull(value, "value");
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
     * Builds the stream, finding the keyspace's shards first when nothing names them (see the class
     * description).
     *
     * @return the stream, not yet connected
     * @throws IllegalArgumentException if a {@link #startAt} cursor belongs to another keyspace, the
     *     start cursors' shards are not those given with {@link #shard}/{@link #shards}, or
     *     {@link #stopAt} is set for several shards
     * @throws io.planetscale.cdc.ConfigurationException if the shards must be found but no
     *     {@link MysqlAccess} is available: add planetscale-cdc-jdbc, or use {@link #shards} or
     *     {@link #mysql}
     * @throws PlanetScaleCdcException if asking for the shards fails, or the keyspace has none
     */
    public ChangeStream build() {
      List<TableCursor> starts = startCursors != null ? ChangeStreamShards.resume(source, startCursors, shards)
          : ChangeStreamShards.start(source, shards, mysql, startPosition);
      if (stopPosition != null && starts.size() > 1) {
        throw new IllegalArgumentException("stopAt takes one shard's GTID position, but the stream reads "
            + starts.size() + " shards " + ChangeStreamShards.names(starts) + "; pick one with shard(...)");
      }
      return new ChangeStream(this, starts);
    }
  }
}
