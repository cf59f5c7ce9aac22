package io.planetscale.cdc.testkit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory PlanetScale keyspace served over real gRPC ({@code psdbconnect.v1alpha1.Connect/Sync})
 * on {@code 127.0.0.1} and a free port: what OkHttp's MockWebServer is to OkHttp, for code that
 * syncs from PlanetScale. Rows live in shards (placed by a hash of the primary key); every insert,
 * update and delete is a transaction with the next GTID of its shard ({@code MySQL56/<uuid>:1-N}),
 * streamed to open {@code Sync} calls as it happens. {@link #mysqlAccess()} answers discovery from the
 * same schema, {@link #faults()} injects failures and {@link #requests()} shows what clients asked.
 *
 * <p>A complete unit test (JUnit 5, AssertJ) of code that syncs orders:
 *
 * <pre>
 * import static org.assertj.core.api.Assertions.assertThat;
 * import io.planetscale.cdc.Catalog;
 * import io.planetscale.cdc.DiscoverSettings;
 * import io.planetscale.cdc.Operation;
 * import io.planetscale.cdc.Record;
 * import io.planetscale.cdc.State;
 * import io.planetscale.cdc.grpc.PlanetScaleClient;
 * import io.planetscale.cdc.testkit.FakePlanetScale;
 * import io.planetscale.cdc.testkit.RecordingSink;
 * import io.planetscale.cdc.testkit.TableSpec;
 * import java.math.BigDecimal;
 * import java.util.List;
 * import java.util.Map;
 * import org.junit.jupiter.api.Test;
 *
 * &#64;Test
 * void syncsOrdersThenOnlyTheChanges() throws Exception {
 *   try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
 *       PlanetScaleClient client = PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess()).build()) {
 *     fake.createTable(TableSpec.builder("orders")
 *         .column("id", "bigint").column("total", "decimal(10,2)").primaryKey("id").build());
 *     fake.insert("orders", Map.of("id", 1, "total", new BigDecimal("9.99")));
 *     fake.insert("orders", Map.of("id", 2, "total", new BigDecimal("5.00")));
 *
 *     Catalog catalog = client.discover(new DiscoverSettings(true, List.of(), true, false));
 *     RecordingSink firstSync = new RecordingSink();
 *     State state = client.sync(catalog, State.empty(), firstSync);
 *     assertThat(firstSync.records()).hasSize(2);
 *
 *     fake.update("orders", 2, Map.of("total", new BigDecimal("7.50")));
 *     RecordingSink secondSync = new RecordingSink();
 *     client.sync(catalog, state, secondSync);
 *     Record changed = secondSync.records().get(0);
 *     assertThat(secondSync.records()).hasSize(1);
 *     assertThat(changed.operation()).isEqualTo(Operation.UPDATE);
 *     assertThat(changed.data()).containsEntry("id", 2L).containsEntry("total", new BigDecimal("7.50"));
 *   }
 * }
 * </pre>
 *
 * <p>Thread-safe: tests may change data while streams are open. {@link #close()} releases the port
 * and every thread.
 */
public final class FakePlanetScale implements AutoCloseable {
  private final String keyspace;
  private final List<ShardData> shards;
  private final Map<String, ShardData> shardsByName = new LinkedHashMap<>();
  private final boolean tls;
  private final String username;
  private final String password;
  private final int rowsPerResponse;
  private final Map<String, FakeTable> tables = new ConcurrentHashMap<>();
  private final List<String> tableOrder = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Faults faults = new Faults(this);
  private final MysqlAccess mysqlAccess = new InMemoryMysqlAccess(this);

  private final Object streamCount = new Object();
  private int openStreams;

  private final Object schemaLock = new Object();
  private final List<Thread> streamThreads = new CopyOnWriteArrayList<>();

  private SelfSignedCertificate certificate;
  private ExecutorService streams;
  private Server server;
  private boolean closed;

  private FakePlanetScale(Builder b) {
    this.keyspace = b.keyspace;
    this.tls = b.tls;
    this.username = b.username;
    this.password = b.password;
    this.rowsPerResponse = b.rowsPerResponse;
    List<KeyRange> ranges = new ArrayList<>();
    for (String s : b.shards) {
      ranges.add(KeyRange.parse(s));
    }
    checkCoverage(ranges);
    List<ShardData> list = new ArrayList<>();
    for (KeyRange r : ranges) {
      ShardData shard = new ShardData(r);
      list.add(shard);
      shardsByName.put(r.shard, shard);
    }
    this.shards = Collections.unmodifiableList(list);
  }

  /** @return a builder: keyspace {@code fake}, one shard {@code -}, plaintext, user {@code fake-user} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts serving on {@code 127.0.0.1} and a free port.
   *
   * @return this fake
   * @throws UncheckedIOException if the server cannot bind
   * @throws IllegalStateException if already started
   */
  public synchronized FakePlanetScale start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "fake-planetscale-" + keyspace + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      streamThreads.add(t);
      return t;
    };
    streams = Executors.newCachedThreadPool(factory);
    ServerCredentials credentials = InsecureServerCredentials.create();
    if (tls) {
      certificate = SelfSignedCertificate.generate();
      credentials = TlsServerCredentials.newBuilder().keyManager(certificate.keyManagers()).build();
    }
    SyncService service = new SyncService(this, faults, streams, rowsPerResponse, requests);
    try {
      server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0), credentials)
          .executor(streams)
          .addService(ServerInterceptors.intercept(service, new BasicAuthInterceptor(username, password, faults)))
          .build()
          .start();
    } catch (IOException e) {
      streams.shutdownNow();
      throw new UncheckedIOException("FakePlanetScale could not start", e);
    }
    return this;
  }

  /**
   * Stops the server, ends every open stream, and releases the port and all threads: when it
   * returns, every thread the fake started has terminated (waiting at most a few seconds).
   */
  @Override
  public synchronized void close() {
    if (server == null || closed) {
      return;
    }
    closed = true;
    // The server first: its transports still hand work (call cancellations) to the executor while
    // they shut down, so the executor must accept work until the server has terminated.
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      streams.shutdownNow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      streams.awaitTermination(5, TimeUnit.SECONDS);
      // A terminated executor's workers may still be on their way out; wait until they are gone.
      for (Thread t : streamThreads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      streams.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** @return {@code 127.0.0.1:<port>} */
  public String host() {
    return "127.0.0.1:" + port();
  }

  /** @return the port the server listens on */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("FakePlanetScale is not started; call start() first");
    }
    return server.getPort();
  }

  /**
   * A source pointing at this fake: its host and port, keyspace, credentials, and plaintext — or,
   * with TLS on, the fake's certificate as the only trusted one.
   *
   * @return the source
   */
  public PlanetScaleSource source() {
    return PlanetScaleSource.builder().host(host()).database(keyspace).username(username).password(password)
        .plaintext(!tls).trustedCertificatesPem(tls ? certificatePem() : null).build();
  }

  /**
   * The certificate the fake serves when TLS is on, to trust in a client.
   *
   * @return the PEM text
   * @throws IllegalStateException without TLS, or before {@link #start()}
   */
  public String certificatePem() {
    if (certificate == null) {
      throw new IllegalStateException(tls ? "FakePlanetScale is not started" : "TLS is off for this FakePlanetScale");
    }
    return certificate.certificatePem();
  }

  /** @return the keyspace (database) name */
  public String keyspace() {
    return keyspace;
  }

  /** @return the shard names, in key-range order */
  public List<String> shardNames() {
    return new ArrayList<>(shardsByName.keySet());
  }

  /**
   * Creates a table on every shard (a schema change: each shard's GTID advances).
   *
   * @param spec the table
   * @throws IllegalArgumentException if a table of that name exists
   */
  public void createTable(TableSpec spec) {
    FakeTable table = new FakeTable(spec, keyspace);
    synchronized (schemaLock) {
      if (tables.containsKey(spec.name())) {
        throw new IllegalArgumentException("table \"" + spec.name() + "\" already exists");
      }
      for (ShardData shard : shards) {
        shard.lock.lock();
        try {
          shard.createTable(spec.name());
        } finally {
          shard.lock.unlock();
        }
      }
      // Published only once every shard has it, so DML and streams never see a half-created table.
      tables.put(spec.name(), table);
      tableOrder.add(spec.name());
    }
  }

  /**
   * Inserts a row as one transaction on the shard its primary key hashes to. Values are Java objects
   * ({@code Long}, {@code String}, {@code BigDecimal}, {@code LocalDateTime}, {@code byte[]}, ...) or
   * MySQL text; columns left out are NULL.
   *
   * @param table the table
   * @param row column → value
   * @return the shard's position after the insert
   * @throws IllegalArgumentException for an unknown table or column, a duplicate key, or a value the column cannot hold
   */
  public String insert(String table, Map<String, ?> row) {
    FakeTable t = requireTable(table);
    StoredRow stored = t.row(row);
    return apply(t, shardFor(stored.key), List.of(new Change(null, stored)));
  }

  /**
   * Inserts many rows: one transaction per shard touched (how a bulk load behaves), much faster than
   * one {@link #insert} per row.
   *
   * @param table the table
   * @param rows the rows
   * @throws IllegalArgumentException as {@link #insert}; nothing is inserted then
   */
  public void insertAll(String table, Iterable<? extends Map<String, ?>> rows) {
    FakeTable t = requireTable(table);
    Map<ShardData, List<Change>> byShard = new LinkedHashMap<>();
    for (Map<String, ?> row : rows) {
      StoredRow stored = t.row(row);
      byShard.computeIfAbsent(shardFor(stored.key), s -> new ArrayList<>()).add(new Change(null, stored));
    }
    // Hold every touched shard (in shard order, the only order several are ever locked in) while
    // checking all of them, so that a duplicate on one shard leaves the others untouched too.
    List<ShardData> touched = new ArrayList<>();
    for (ShardData s : shards) {
      if (byShard.containsKey(s)) {
        touched.add(s);
      }
    }
    int locked = 0;
    try {
      for (ShardData s : touched) {
        s.lock.lock();
        locked++;
      }
      for (ShardData s : touched) {
        checkInserts(t, s, byShard.get(s));
      }
      for (ShardData s : touched) {
        apply(t, s, byShard.get(s));
      }
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        touched.get(i).lock.unlock();
      }
    }
  }

  /**
   * Updates the given columns of a row as one transaction.
   *
   * @param table the table
   * @param primaryKey the key value, or a column → value map for a composite key
   * @param changes column → new value (key columns cannot change)
   * @return the shard's position after the update
   * @throws IllegalArgumentException if there is no such row, or a value is invalid
   */
  public String update(String table, Object primaryKey, Map<String, ?> changes) {
    FakeTable t = requireTable(table);
    RowKey key = t.key(primaryKey);
    ShardData shard = shardFor(key);
    shard.lock.lock();
    try {
      StoredRow before = existing(t, shard, key);
      StoredRow after = t.changed(before, changes);
      if (!after.key.equals(key)) {
        throw new IllegalArgumentException("update of table \"" + table + "\" cannot change the primary key " + key);
      }
      return apply(t, shard, List.of(new Change(before, after)));
    } finally {
      shard.lock.unlock();
    }
  }

  /**
   * Deletes a row as one transaction.
   *
   * @param table the table
   * @param primaryKey the key value, or a column → value map for a composite key
   * @return the shard's position after the delete
   * @throws IllegalArgumentException if there is no such row
   */
  public String delete(String table, Object primaryKey) {
    FakeTable t = requireTable(table);
    RowKey key = t.key(primaryKey);
    ShardData shard = shardFor(key);
    shard.lock.lock();
    try {
      return apply(t, shard, List.of(new Change(existing(t, shard, key), null)));
    } finally {
      shard.lock.unlock();
    }
  }

  /**
   * @param shard a shard name
   * @return the shard's current position, {@code MySQL56/<uuid>:1-N}
   */
  public String position(String shard) {
    ShardData s = requireShard(shard);
    s.lock.lock();
    try {
      return s.position();
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * @param table the table
   * @param primaryKey the key value, or a column → value map
   * @return the shard the row lives (or would live) on
   */
  public String shardOf(String table, Object primaryKey) {
    return shardFor(requireTable(table).key(primaryKey)).name();
  }

  /**
   * @param table the table
   * @return how many rows it holds, over all shards
   */
  public int rowCount(String table) {
    FakeTable t = requireTable(table);
    int n = 0;
    for (ShardData s : shards) {
      s.lock.lock();
      try {
        n += s.rows(t.name()).size();
      } finally {
        s.lock.unlock();
      }
    }
    return n;
  }

  /** @return discovery (tables, columns, keys, shards, tablets) answered from this fake's schema */
  public MysqlAccess mysqlAccess() {
    return mysqlAccess;
  }

  /** @return the fault injection controls */
  public Faults faults() {
    return faults;
  }

  /** @return how many {@code Sync} calls the server is serving right now */
  public int openStreams() {
    synchronized (streamCount) {
      return openStreams;
    }
  }

  /**
   * Waits until exactly {@code count} {@code Sync} calls are open, e.g. 0 after a client closed.
   *
   * @param count the number to wait for
   * @param timeout how long to wait at most
   * @return true if reached, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitOpenStreams(int count, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (streamCount) {
      while (openStreams != count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(streamCount, left);
      }
      return true;
    }
  }

  /** @return every {@code Sync} request received so far, oldest first */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  // ---- for the package ----

  void streamOpened() {
    synchronized (streamCount) {
      openStreams++;
      streamCount.notifyAll();
    }
  }

  void streamClosed() {
    synchronized (streamCount) {
      openStreams--;
      streamCount.notifyAll();
    }
  }

  ShardData shard(String name) {
    return shardsByName.get(name);
  }

  FakeTable table(String name) {
    return tables.get(name);
  }

  List<String> tableNames() {
    return List.copyOf(tableOrder);
  }

  boolean acceptsCredentials(String user, String pass) {
    return username.equals(user) && password.equals(pass);
  }

  void purgeBinlogsBefore(String position) {
    GtidSet set = GtidSet.tryParse(position).orElseThrow(
        () -> new IllegalArgumentException("not a position: \"" + position + "\""));
    for (ShardData s : shards) {
      if (set.uuids().contains(s.uuid)) {
        s.lock.lock();
        try {
          s.purgeBefore(s.sequenceOf(position));
        } finally {
          s.lock.unlock();
        }
        return;
      }
    }
    throw new IllegalArgumentException("position \"" + position + "\" belongs to no shard of this fake");
  }

  void purgeAllBinlogs() {
    for (ShardData s : shards) {
      s.lock.lock();
      try {
        s.purgeBefore(s.seq());
      } finally {
        s.lock.unlock();
      }
    }
  }

  private String apply(FakeTable t, ShardData shard, List<Change> changes) {
    shard.lock.lock();
    try {
      Map<RowKey, StoredRow> rows = shard.rows(t.name());
      checkInserts(t, shard, changes);
      for (Change c : changes) {
        if (c.isDelete()) {
          rows.remove(c.before().key);
        } else {
          rows.put(c.after().key, c.after());
        }
      }
      return shard.position(shard.commit(t.name(), changes));
    } finally {
      shard.lock.unlock();
    }
  }

  /** Rejects inserts whose key the shard already holds, or that an earlier insert of the same batch uses. */
  private static void checkInserts(FakeTable t, ShardData shard, List<Change> changes) {
    Map<RowKey, StoredRow> rows = shard.rows(t.name());
    java.util.Set<RowKey> batch = new java.util.TreeSet<>();
    for (Change c : changes) {
      if (c.isInsert() && (rows.containsKey(c.after().key) || !batch.add(c.after().key))) {
        throw new IllegalArgumentException("Duplicate entry " + c.after().key + " for key 'PRIMARY' in table \""
            + t.name() + "\"");
      }
    }
  }

  private static StoredRow existing(FakeTable t, ShardData shard, RowKey key) {
    StoredRow row = shard.rows(t.name()).get(key);
    if (row == null) {
      throw new IllegalArgumentException("table \"" + t.name() + "\" has no row with key " + key);
    }
    return row;
  }

  private ShardData shardFor(RowKey key) {
    long id = key.keyspaceId();
    for (ShardData s : shards) {
      if (s.range.contains(id)) {
        return s;
      }
    }
    throw new IllegalStateException("no shard covers keyspace id " + Long.toHexString(id)); // ranges are checked
  }

  private FakeTable requireTable(String name) {
    FakeTable t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("table \"" + name + "\" does not exist; create it with createTable");
    }
    return t;
  }

  private ShardData requireShard(String name) {
    ShardData s = shardsByName.get(name);
    if (s == null) {
      throw new IllegalArgumentException("shard \"" + name + "\" does not exist; shards are " + shardNames());
    }
    return s;
  }

  /** Shards must tile the key space: from the lowest key, each starting where the previous ended. */
  private static void checkCoverage(List<KeyRange> ranges) {
    ranges.sort((a, b) -> Long.compareUnsigned(a.start, b.start));
    long expected = 0;
    boolean open = true;
    for (KeyRange r : ranges) {
      if (!open || r.start != expected) {
        throw new IllegalArgumentException("shards " + names(ranges) + " must cover the key space exactly once"
            + " (like -80, 80- or -40, 40-80, 80-c0, c0-): check \"" + r.shard + "\"");
      }
      open = r.hasEnd;
      expected = r.end;
    }
    if (open) {
      throw new IllegalArgumentException("shards " + names(ranges) + " must cover the key space up to the end");
    }
  }

  private static List<String> names(List<KeyRange> ranges) {
    List<String> names = new ArrayList<>();
    for (KeyRange r : ranges) {
      names.add(r.shard);
    }
    return names;
  }

  /** Builds a {@link FakePlanetScale}. */
  public static final class Builder {
    private String keyspace = "fake";
    private List<String> shards = List.of("-");
    private boolean tls;
    private String username = "fake-user";
    private String password = "fake-password";
    private int rowsPerResponse = 1000;

    private Builder() {}

    /**
     * @param value the keyspace (database) name
     * @return this builder
     */
    public Builder keyspace(String value) {
      keyspace = value;
      return this;
    }

    /**
     * @param value the shards, as key ranges that together cover the key space: {@code "-"}, or
     *     {@code "-80", "80-"}, ...
     * @return this builder
     */
    public Builder shards(String... value) {
      shards = List.of(value);
      return this;
    }

    /**
     * @param value serve TLS with a certificate generated at start (see {@link #certificatePem()})
     * @return this builder
     */
    public Builder tls(boolean value) {
      tls = value;
      return this;
    }

    /**
     * @param user the username clients must send
     * @param pass the password clients must send
     * @return this builder
     */
    public Builder credentials(String user, String pass) {
      username = user;
      password = pass;
      return this;
    }

    /**
     * @param value the most rows (or row changes) per response; 1000 by default
     * @return this builder
     */
    public Builder rowsPerResponse(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("rowsPerResponse must be >= 1, was " + value);
      }
      rowsPerResponse = value;
      return this;
    }

    /**
     * @return the fake, not yet started
     * @throws IllegalArgumentException if the shards do not cover the key space exactly once
     */
    public FakePlanetScale build() {
      if (keyspace == null || keyspace.isBlank()) {
        throw new IllegalArgumentException("keyspace must not be empty");
      }
      return new FakePlanetScale(this);
    }
  }
}
