package io.planetscale.cdc.testkit;

import io.grpc.ServerInterceptors;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory PlanetScale keyspace served over real gRPC on {@code 127.0.0.1} and a free port:
 * psdbconnect {@code Connect/Sync} and vtgate's {@code vtgateservice.Vitess/VStream}, both from the
 * same data and behind the same Basic auth. What OkHttp's MockWebServer is to OkHttp, for code that
 * syncs from PlanetScale. Rows live in shards (placed by a hash of the primary key); every insert,
 * update and delete is a transaction with the next GTID of its shard ({@code MySQL56/<uuid>:1-N}),
 * streamed to open calls as it happens; {@link #addColumn} and {@link #dropColumn} change a table's
 * schema mid-stream, and {@link #reshard} splits or merges shards mid-stream. {@link #mysqlAccess()}
 * answers discovery from the same schema, {@link #faults()}
 * injects failures, slowness and the quirks of a real server (see {@link Faults} and
 * {@link VStreamFaults}), {@link #vstream()} sets VStream framing and pacing, and {@link #requests()}
 * and {@link #vstreamRequests()} show what clients asked.
 *
 * <p>The {@linkplain io.planetscale.cdc.testkit package description} shows a complete unit test
 * (JUnit 5, AssertJ) of code that syncs orders.
 *
 * <p>Thread-safe: tests may change data while streams are open. {@link #close()} releases the port
 * and every thread.
 */
public final class FakePlanetScale implements AutoCloseable {
  private final FakeKeyspace data;
  private final String keyspace;
  private final boolean tls;
  private final String username;
  private final String password;
  private final int rowsPerResponse;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<RecordedVStreamRequest> vstreamRequests = new CopyOnWriteArrayList<>();
  private final Faults faults = new Faults(this);
  private final VStreamSettings vstreamSettings = new VStreamSettings();
  private final MysqlAccess mysqlAccess = InMemoryMysqlAccess.local(this);
  private final FakeServer server;
  private final OpenStreams openStreams = new OpenStreams();

  private FakePlanetScale(Builder b) {
    this.keyspace = b.keyspace;
    this.tls = b.tls;
    this.username = b.username;
    this.password = b.password;
    this.rowsPerResponse = b.rowsPerResponse;
    this.data = new FakeKeyspace(b.keyspace, b.shards);
    this.server = new FakeServer(keyspace, tls);
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
  public FakePlanetScale start() {
    BasicAuthInterceptor auth = new BasicAuthInterceptor(username, password, faults);
    server.start(streams -> List.of(
        ServerInterceptors.intercept(new SyncService(this, faults, streams, rowsPerResponse, requests), auth),
        ServerInterceptors.intercept(
            new VStreamService(this, vstreamSettings, faults.vstream(), streams, vstreamRequests), auth),
        ServerInterceptors.intercept(FakeDiscovery.service(this), auth)));
    return this;
  }

  /**
   * Stops the server, ends every open stream, and releases the port and all threads: when it
   * returns, every thread the fake started has terminated (waiting at most a few seconds).
   */
  @Override
  public void close() {
    server.close();
  }

  /** @return {@code 127.0.0.1:<port>} */
  public String host() {
    return "127.0.0.1:" + port();
  }

  /** @return the port the server listens on */
  public int port() {
    return server.port();
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
    return server.certificatePem();
  }

  /** @return the keyspace (database) name */
  public String keyspace() {
    return keyspace;
  }

  /** @return the shard names, in key-range order */
  public List<String> shardNames() {
    return data.shardNames();
  }

  /**
   * Creates a table on every shard (a schema change: each shard's GTID advances).
   *
   * @param spec the table
   * @throws IllegalArgumentException if a table of that name exists
   */
  public void createTable(TableSpec spec) {
    data.createTable(spec);
  }

  /**
   * Adds a nullable column at the end of a table, as {@code ALTER TABLE t ADD COLUMN c type} would on
   * every shard: one DDL transaction per shard (each shard's GTID advances), existing rows hold NULL
   * in it. Streams see it as MySQL replication shows it: VStream sends {@code [VGTID, DDL]} and a new
   * FIELD before the table's next row; {@code Sync} results carry the new fields; discovery lists it.
   *
   * @param table the table
   * @param column the new column; must be nullable
   * @throws IllegalArgumentException for an unknown table, a column name the table has, or a NOT NULL column
   */
  public void addColumn(String table, ColumnSpec column) {
    data.alter(table, spec -> TableAlteration.addColumn(spec, column));
  }

  /**
   * Drops a column, as {@code ALTER TABLE t DROP COLUMN c} would on every shard (one DDL transaction
   * per shard). A VStream whose filter names the column fails at the table's next row with
   * {@code FAILED_PRECONDITION} "failed to build table replication plan", as vtgate does.
   *
   * @param table the table
   * @param column the column to drop
   * @throws IllegalArgumentException for an unknown table or column, or a primary-key column
   */
  public void dropColumn(String table, String column) {
    data.alter(table, spec -> TableAlteration.dropColumn(spec, column));
  }

  /**
   * Sets MySQL's {@code binlog_row_image} for every transaction committed from now on (transactions
   * already in the binlog keep the image they were written with). Only VStream shows it: ROW events
   * then carry partial rows with a {@code data_columns} bitmap; {@code Sync} always sends full rows.
   *
   * @param image FULL (the default), MINIMAL or NOBLOB
   * @return this fake
   */
  public FakePlanetScale binlogRowImage(RowImage image) {
    data.binlogRowImage(image);
    return this;
  }

  /**
   * Reshards the keyspace, as a Vitess Reshard workflow up to SwitchTraffic: the shards of {@code from}
   * that {@code to} does not name again are split or merged into the new shards of {@code to}, e.g.
   * {@code reshard(List.of("-80", "80-"), List.of("-40", "40-80", "80-"))} splits {@code -80} and leaves
   * {@code 80-} alone. Each new shard is a new server with its own GTID history; it gets every table and,
   * by the hash of their keys ({@link #shardOf}), the old shards' rows, then every old shard commits a
   * resharding journal (its last transaction) naming the new shards' starting positions. From then on
   * DML goes to the new shards and discovery lists them.
   *
   * <p>VStream calls see it as vtgate shows it: a call reading all the old shards (the journal's
   * participants) sends, when it asked {@code include_reshard_journal_events} or {@code stop_on_reshard},
   * {@code [BEGIN, JOURNAL, VGTID, COMMIT]} from each old shard, then continues on the new shards from the
   * journal's positions, its VGTID listing the new shards at the end in place of the old ones; without
   * either flag the journal is not sent and the VGTID changes the same way. With {@code stop_on_reshard}
   * the old shards' streams end instead and the call completes once no shard stream is left (a shard
   * that was not resharded keeps it open). A call reading only some of the participants fails with
   * UNKNOWN "not all journaling participants are in the stream". A call still copying from the old
   * shards reaches the journal in its catch-up and moves on the same way, in replication: the journal's
   * positions carry no table_p_ks, so rows not copied yet are not copied (vtgate's code does the same).
   * The old shards keep their history
   * until {@link #removeShards}: a request naming one catches up on it, reaches its journal and moves
   * on; a position at or after the journal streams nothing more from it (vitess#16621: the journal is
   * not sent again). {@code Sync} serves only the shards that serve.
   *
   * @param from shards that serve now, the ones to split or merge (and any that stay)
   * @param to the shards after the reshard (including any that stay)
   * @throws IllegalArgumentException naming what is wrong: a {@code from} shard that does not serve, a new
   *     shard that exists already, nothing to move, or new shards not covering exactly the old ones' key ranges
   */
  public void reshard(List<String> from, List<String> to) {
    data.reshard(from, to);
  }

  /**
   * Deletes shards a {@link #reshard} took out of service, with their history, as deleting the old shards
   * after a Reshard workflow does. A VStream request naming one afterwards fails with {@code CANCELED}
   * "failed to find a PRIMARY tablet for VStream in ks/-80 within the ... cell(s): context has expired",
   * the error vtgate gives once its tablet picker's 90-second timeout passes (the fake fails at once).
   *
   * @param shards the old shards
   * @throws IllegalArgumentException if one is not a shard a reshard took out of service (nothing is removed then)
   */
  public void removeShards(List<String> shards) {
    data.removeShards(shards);
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
    return data.insert(table, row);
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
    data.insertAll(table, rows);
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
    return data.update(table, primaryKey, changes);
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
    return data.delete(table, primaryKey);
  }

  /**
   * @param shard a shard name
   * @return the shard's current position, {@code MySQL56/<uuid>:1-N}
   */
  public String position(String shard) {
    return data.position(shard);
  }

  /**
   * @param table the table
   * @param primaryKey the key value, or a column → value map
   * @return the shard the row lives (or would live) on
   */
  public String shardOf(String table, Object primaryKey) {
    return data.shardOf(table, primaryKey);
  }

  /**
   * @param table the table
   * @return how many rows it holds, over all shards
   */
  public int rowCount(String table) {
    return data.rowCount(table);
  }

  /** @return discovery (tables, columns, keys, shards, tablets) answered from this fake's schema */
  public MysqlAccess mysqlAccess() {
    return mysqlAccess;
  }

  /**
   * @return the fault injection controls: failed, dropped, delayed responses, purged binlogs,
   *     rejected credentials, repeated positions and empty {@code "current"} answers
   */
  public Faults faults() {
    return faults;
  }

  /** @return how many {@code Sync} and VStream calls the server is serving right now */
  public int openStreams() {
    return openStreams.count();
  }

  /**
   * Waits until exactly {@code count} {@code Sync} and VStream calls are open, e.g. 0 after a client closed.
   *
   * @param count the number to wait for
   * @param timeout how long to wait at most
   * @return true if reached, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitOpenStreams(int count, java.time.Duration timeout) throws InterruptedException {
    return openStreams.await(count, timeout);
  }

  /** @return every {@code Sync} request received so far, oldest first */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** @return every {@code VStream} request received so far, oldest first (invalid ones included) */
  public List<RecordedVStreamRequest> vstreamRequests() {
    return List.copyOf(vstreamRequests);
  }

  /** @return the VStream framing and pacing settings: response splitting, copy batch size, heartbeats, ENUM/SET */
  public VStreamSettings vstream() {
    return vstreamSettings;
  }

  // ---- for the package ----

  void streamOpened() {
    openStreams.opened();
  }

  void streamClosed() {
    openStreams.closed();
  }

  ShardData shard(String name) {
    return data.shard(name);
  }

  ShardData streamableShard(String name) {
    return data.streamableShard(name);
  }

  boolean wasRemoved(String name) {
    return data.wasRemoved(name);
  }

  FakeTable table(String name) {
    return data.table(name);
  }

  List<String> schemaTableNames() {
    return data.tableNames();
  }

  /** What discovery sees: keyspace, shards and the specs of the tables. */
  FakeSchema schema() {
    return data.schema();
  }

  boolean acceptsCredentials(String user, String pass) {
    return username.equals(user) && password.equals(pass);
  }

  void purgeBinlogsBefore(String position) {
    data.purgeBinlogsBefore(position);
  }

  void purgeAllBinlogs() {
    data.purgeAllBinlogs();
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
