package io.planetscale.cdc.testkit.e2e;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedRequest;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ChangeStream} on a keyspace with shards {@code -80} and {@code 80-}: every shard by default,
 * one reader thread per shard, every callback on the thread that called {@code run}, and a stop of
 * one shard (close, failure, listener exception, interrupt) stopping all of them with no reader
 * thread left behind. On both transports.
 */
class ShardedChangeStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ConnectOptions FAST = ConnectOptions.builder()
      .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(100), 0))
      .settleInterval(Duration.ofMillis(100)).build();
  private static final List<String> SHARDS = List.of("-80", "80-");

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private FakePlanetScale fake;
  private Catalog catalog;
  private Stream items;
  private Transport transport;

  @BeforeEach
  void startFake() {
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("items").column("id", "bigint").column("name", "varchar(20)")
        .primaryKey("id").build());
    catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), new DiscoverSettings(true, List.of(), true,
        false));
    items = catalog.stream("items").orElseThrow();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    try {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(WAIT.toMillis(), MILLISECONDS)).as("run() threads ended").isTrue();
    } finally {
      fake.close();
    }
  }

  /** The README's snippet, unchanged: the shards come from the MysqlAccessProvider on the classpath. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void theReadmeSnippetFollowsEveryShardOfAShardedKeyspace(Transport transport) throws Exception {
    this.transport = transport;
    String before = System.getProperty(MysqlAccessProvider.PROPERTY);
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    ChangeStream stream;
    try {
      stream = ChangeStream.builder(fake.source(), catalog.stream("items").orElseThrow()).transport(transport)
          .startAtCurrent().stopAfter(Duration.ofMinutes(5)).connectOptions(FAST).build();
    } finally {
      restore(before);
    }
    try (stream) {
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(stream, listener);
      Map<String, TableCursor> first = listener.firstCursorOfEachShard();
      assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(SHARDS);
      first.forEach((shard, cursor) -> assertThat(cursor.position()).isEqualTo(fake.position(shard)));

      insert(1, 20);
      List<Record> records = listener.records(20);
      assertThat(ids(records)).containsExactlyInAnyOrderElementsOf(range(1, 20));
      assertThat(records).allSatisfy(r -> assertThat(r.position().shard())
          .isEqualTo(fake.shardOf("items", r.data().get("id"))));
      assertThat(records).extracting(r -> r.position().shard()).containsAll(SHARDS); // rows on both shards
      // Each shard's records come in its own insert order.
      for (String shard : SHARDS) {
        List<Long> onShard = ids(records.stream().filter(r -> r.position().shard().equals(shard)).toList());
        assertThat(onShard).isSorted();
      }
      listener.awaitCursorsAt(fake.position("-80"), fake.position("80-"));

      stream.close();
      TableCursor last = get(run);
      assertThat(listener.runThreadOnly()).as("every callback on the thread that called run()").isTrue();
      assertThat(listener.overlapped).as("callbacks never concurrent").isFalse();
      assertThat(last).isEqualTo(listener.lastCursor());
      assertThat(stream.positions()).containsExactly(
          Map.entry("-80", listener.lastCursorOf("-80")), Map.entry("80-", listener.lastCursorOf("80-")));
      assertThat(stream.positions().get("-80").position()).isEqualTo(fake.position("-80"));
      assertThat(stream.positions().get("80-").position()).isEqualTo(fake.position("80-"));
      assertThat(requestedCursors()).extracting(TableCursor::shard).containsExactlyInAnyOrderElementsOf(SHARDS);
      assertNoReaderThreadLeft();
      assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutShardsTheGivenMysqlAccessNamesThemInKeyRangeOrder(Transport transport) throws Exception {
    this.transport = transport;
    insert(1, 12);
    ChangeStream stream = stream().startAtBeginning().build();
    assertThat(stream.positions()).containsExactly(Map.entry("-80", TableCursor.of("-80", "shop", "")),
        Map.entry("80-", TableCursor.of("80-", "shop", "")));
    assertThat(stream.toString()).contains("-80=[]").contains("80-=[]");
    try (stream) {
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(stream, listener);
      assertThat(ids(listener.records(12))).containsExactlyInAnyOrderElementsOf(range(1, 12));
      listener.awaitCursorsAt(fake.position("-80"), fake.position("80-"));
      stream.close();
      get(run);
    }
    assertThat(requestedCursors()).extracting(TableCursor::position).containsOnly("");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theSourcesShardsAreUsedWithoutAskingForThem(Transport transport) throws Exception {
    this.transport = transport;
    // No mysql(...) and no provider on the classpath: the source's list is all there is.
    ChangeStream both = ChangeStream.builder(fake.source().toBuilder().shards("80-", "-80").build(), items)
        .transport(transport)
        .connectOptions(FAST).build();
    assertThat(both.positions().keySet()).containsExactly("-80", "80-");
    try (both) {
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(both, listener);
      listener.firstCursorOfEachShard();
      insert(1, 10);
      assertThat(ids(listener.records(10))).containsExactlyInAnyOrderElementsOf(range(1, 10));
      both.close();
      get(run);
    }

    ChangeStream one = ChangeStream.builder(fake.source().toBuilder().shards("80-").build(), items)
        .transport(transport)
        .connectOptions(FAST).build();
    assertThat(one.positions().keySet()).containsExactly("80-");
    assertThat(one.toString()).contains("shard=80-");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void startAtTheCursorsOfEveryShardDeliversExactlyTheLaterChanges(Transport transport) throws Exception {
    this.transport = transport;
    insert(1, 10);
    Map<String, TableCursor> saved;
    try (ChangeStream first = stream().build()) {
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(first, listener);
      listener.firstCursorOfEachShard();
      fake.update("items", 1, Map.of("name", "one"));
      fake.update("items", 2, Map.of("name", "two"));
      listener.records(2);
      listener.awaitCursorsAt(fake.position("-80"), fake.position("80-"));
      first.close();
      get(run);
      saved = first.positions();
    }
    insert(11, 16);
    fake.update("items", 3, Map.of("name", "three"));
    fake.delete("items", 4);
    fake.delete("items", 12);

    try (ChangeStream second = ChangeStream.builder(fake.source(), items).transport(transport)
        .startAt(saved.values())
        .connectOptions(FAST).build()) {
      assertThat(second.positions()).isEqualTo(saved);
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(second, listener);
      listener.awaitCursorsAt(fake.position("-80"), fake.position("80-"));
      second.close();
      get(run);
      List<Record> resumed = listener.allRecords();
      Map<Long, List<Operation>> byId = new HashMap<>();
      for (Record r : resumed) {
        byId.computeIfAbsent((Long) r.data().get("id"), k -> new ArrayList<>()).add(r.operation());
      }
      Map<Long, List<Operation>> expected = new HashMap<>();
      for (long id = 11; id <= 16; id++) {
        expected.put(id, new ArrayList<>(List.of(Operation.INSERT)));
      }
      expected.get(12L).add(Operation.DELETE);
      expected.put(3L, List.of(Operation.UPDATE));
      expected.put(4L, List.of(Operation.DELETE));
      assertThat(byId).isEqualTo(expected);
    }
    List<TableCursor> requested = requestedCursors();
    assertThat(requested.subList(requested.size() - 2, requested.size()))
        .containsExactlyInAnyOrderElementsOf(saved.values());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aListenerExceptionOnOneShardStopsEveryShardAndLeavesNoReaderThread(Transport transport) throws Exception {
    this.transport = transport;
    IllegalStateException boom = new IllegalStateException("boom");
    Listener listener = new Listener() {
      @Override
      public void onRecord(Record record) {
        if (record.position().shard().equals("80-")) {
          throw boom;
        }
        super.onRecord(record);
      }
    };
    try (ChangeStream stream = stream().build()) {
      Future<TableCursor> run = runAsync(stream, listener);
      Map<String, TableCursor> first = listener.firstCursorOfEachShard();
      insert(1, 20);
      Throwable e = failure(run);
      assertThat(e).isInstanceOf(ChangeStream.ListenerException.class).hasCause(boom)
          .hasMessageContaining("items").hasMessageContaining("\"80-\"");
      // Nothing of 80- was accepted after its first cursor: resuming from it delivers the failed record again.
      assertThat(((ChangeStream.ListenerException) e).cursor()).isEqualTo(first.get("80-"));
      assertThat(stream.positions().get("80-")).isEqualTo(first.get("80-"));
      assertNoReaderThreadLeft();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  /**
   * A listener that does not return holds the readers back once the queue between them is full;
   * when it finally throws, the readers blocked on the full queue are released and end too.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSlowListenerHoldsBackTheReadersAndItsFailureStillEndsThemAll(Transport transport) throws Exception {
    this.transport = transport;
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    Listener listener = new Listener() {
      @Override
      public void onRecord(Record record) {
        try {
          release.await(); // bounded by the test: it counts down below, or tearDown interrupts
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw boom;
      }
    };
    try (ChangeStream stream = stream().build()) {
      Future<TableCursor> run = runAsync(stream, listener);
      listener.firstCursorOfEachShard();
      List<Map<String, ?>> rows = new ArrayList<>();
      for (long id = 1; id <= 1000; id++) {
        rows.add(Map.of("id", id, "name", "n" + id));
      }
      fake.insertAll("items", rows);
      awaitReaderBlockedOnTheQueue();
      release.countDown();
      assertThat(failure(run)).isInstanceOf(ChangeStream.ListenerException.class).hasCause(boom);
      assertNoReaderThreadLeft();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFailureOnOneShardStopsEveryShard(Transport transport) throws Exception {
    this.transport = transport;
    ConnectOptions noRetry = FAST.toBuilder().retryPolicy(RetryPolicy.none()).build();
    try (ChangeStream stream = stream().connectOptions(noRetry).build()) {
      Listener listener = new Listener();
      Future<TableCursor> run = runAsync(stream, listener);
      listener.firstCursorOfEachShard();
      // The next response of a running call (VStream: each has sent at least its start position).
      E2e.failResponse(transport, fake, 1, 1, Status.Code.UNAVAILABLE, "tablet restarting");
      insert(1, 20);
      assertThat(failure(run)).isInstanceOf(ConnectionException.class).hasMessageContaining("UNAVAILABLE")
          .hasMessageContaining("items");
      assertNoReaderThreadLeft();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeFromAnotherThreadStopsEveryShard(Transport transport) throws Exception {
    this.transport = transport;
    ChangeStream stream = stream().build();
    Listener listener = new Listener();
    Future<TableCursor> run = runAsync(stream, listener);
    Map<String, TableCursor> first = listener.firstCursorOfEachShard();
    assertThat(fake.openStreams()).isEqualTo(2);
    stream.close();
    assertThat(get(run)).isIn(first.values());
    assertNoReaderThreadLeft();
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    assertThat(stream.positions()).isEqualTo(first);
    assertThatThrownBy(() -> stream.run(listener)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAfterEndsEveryShard(Transport transport) throws Exception {
    this.transport = transport;
    try (ChangeStream stream = stream().stopAfter(Duration.ofSeconds(1)).build()) {
      Listener listener = new Listener();
      long started = System.nanoTime();
      TableCursor last = get(runAsync(stream, listener));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      // Whatever each shard delivered before the time was up: its start cursor, or its current position.
      assertThat(last.position()).isIn(TableCursor.CURRENT, fake.position("-80"), fake.position("80-"));
      assertThat(stream.positions().get("-80").position()).isIn(TableCursor.CURRENT, fake.position("-80"));
      assertThat(stream.positions().get("80-").position()).isIn(TableCursor.CURRENT, fake.position("80-"));
      assertNoReaderThreadLeft();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void interruptStopsEveryShardAndKeepsTheFlag(Transport transport) throws Exception {
    this.transport = transport;
    Listener listener = new Listener();
    AtomicReference<Thread> runner = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    try (ChangeStream stream = stream().build()) {
      Future<TableCursor> run = executor.submit(() -> {
        runner.set(Thread.currentThread());
        try {
          return stream.run(listener);
        } finally {
          flagKept.set(Thread.currentThread().isInterrupted());
        }
      });
      listener.firstCursorOfEachShard();
      runner.get().interrupt();
      assertThat(failure(run)).isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("interrupted")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(flagKept).isTrue();
      assertNoReaderThreadLeft();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @Test
  void withNeitherShardsNorAMysqlAccessTheErrorSaysWhatToAdd() {
    assertThat(System.getProperty(MysqlAccessProvider.PROPERTY)).isNull();
    assertThatThrownBy(() -> ChangeStream.builder(fake.source(), items).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("planetscale-cdc-jdbc")
        .hasMessageContaining("shards(").hasMessageContaining("mysql(");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theBuilderRejectsCursorsThatDoNotFit(Transport transport) {
    this.transport = transport;
    TableCursor a = TableCursor.of("-80", "shop", "");
    TableCursor b = TableCursor.of("80-", "shop", "");
    assertThatThrownBy(() -> stream().startAt(List.of(a, TableCursor.of("-80", "shop", "current"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two cursors are of shard \"-80\"");
    assertThatThrownBy(() -> stream().startAt(List.of(a, TableCursor.of("80-", "other", ""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different keyspaces")
        .hasMessageContaining("other");
    assertThatThrownBy(() -> stream().startAt(List.<TableCursor>of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one cursor");
    assertThatThrownBy(() -> stream().startAt(List.of(TableCursor.of("-80", "other", ""))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"other\"");
    assertThatThrownBy(() -> stream().shard("-80").startAt(List.of(a, b)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-80, 80-]").hasMessageContaining("[-80]");
    assertThatThrownBy(() -> stream().shards(List.of("-80", "-80")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"-80\" is given twice");
    assertThatThrownBy(() -> stream().shards(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream().stopAt(fake.position("-80")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopAt").hasMessageContaining("2 shards");
    assertThat(stream().shards(List.of("80-", "-80")).startAt(List.of(b, a)).build().positions().keySet())
        .containsExactly("-80", "80-");
    assertThat(stream().stopAt(fake.position("-80")).shard("-80").build().positions().keySet()).containsExactly("-80");
  }

  // ---- helpers ----

  private ChangeStream.Builder stream() {
    return ChangeStream.builder(fake.source(), items).mysql(fake.mysqlAccess()).connectOptions(FAST)
        .transport(transport);
  }

  /** The cursors (shard, position, and for VStream no last key) the calls the fake received started from. */
  private List<TableCursor> requestedCursors() {
    return transport == Transport.VSTREAM
        ? fake.vstreamRequests().stream()
            .map(r -> TableCursor.of(r.shardGtids().get(0).shard(), r.shardGtids().get(0).keyspace(),
                r.shardGtids().get(0).gtid())).toList()
        : fake.requests().stream().map(RecordedRequest::cursor).toList();
  }

  private void insert(long from, long to) {
    for (long id = from; id <= to; id++) {
      fake.insert("items", Map.of("id", id, "name", "n" + id));
    }
  }

  private Future<TableCursor> runAsync(ChangeStream s, Listener listener) {
    return executor.submit(() -> {
      listener.runThread = Thread.currentThread();
      return s.run(listener);
    });
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.get(WAIT.toMillis(), MILLISECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      f.get(WAIT.toMillis(), MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    return fail("run() returned instead of throwing");
  }

  /** Called once run() has returned: it joins its readers, so none may be alive. */
  private static void assertNoReaderThreadLeft() {
    Set<String> readers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("change-stream-items-")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(readers).as("reader threads alive after run() returned").isEmpty();
  }

  /** Waits until a reader thread is blocked putting into the full hand-off queue. */
  private static void awaitReaderBlockedOnTheQueue() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (true) {
      for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
        if (t.getKey().getName().startsWith("change-stream-items-") && Arrays.stream(t.getValue()).anyMatch(
            f -> f.getClassName().equals(ArrayBlockingQueue.class.getName()) && f.getMethodName().equals("put"))) {
          return;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        fail("no reader thread blocked on a full queue within " + WAIT);
      }
      never.await(5, MILLISECONDS);
    }
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(MysqlAccessProvider.PROPERTY);
    } else {
      System.setProperty(MysqlAccessProvider.PROPERTY, before);
    }
  }

  private static List<Long> ids(List<Record> records) {
    return records.stream().map(r -> (Long) r.data().get("id")).collect(Collectors.toList());
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
  }

  /**
   * Keeps every callback, notes the threads it ran on and whether two ever overlapped; the test
   * thread waits on its monitor, with deadlines, for what it expects.
   */
  private static class Listener implements ChangeListener {
    volatile Thread runThread;
    volatile boolean overlapped;
    private final List<Object> events = new ArrayList<>(); // guarded by this
    private final Set<Thread> threads = new java.util.HashSet<>(); // guarded by this
    private boolean inCallback; // guarded by this

    @Override
    public void onRecord(Record record) {
      callback(record);
    }

    @Override
    public void onCursor(TableCursor cursor) {
      callback(cursor);
    }

    private void callback(Object event) {
      synchronized (this) {
        overlapped |= inCallback;
        inCallback = true;
        threads.add(Thread.currentThread());
      }
      Thread.yield(); // widen the window in which a concurrent callback would be noticed
      synchronized (this) {
        inCallback = false;
        events.add(event);
        notifyAll();
      }
    }

    synchronized boolean runThreadOnly() {
      return threads.equals(Set.of(runThread));
    }

    /** Waits until {@code done} holds for the events so far. */
    private synchronized void await(java.util.function.Predicate<List<Object>> done, String what)
        throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.test(events)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("timed out waiting for " + what + "; callbacks so far: " + events);
        }
        MILLISECONDS.timedWait(this, Math.max(1, left / 1_000_000));
      }
    }

    Map<String, TableCursor> firstCursorOfEachShard() throws InterruptedException {
      await(ev -> firstCursors(ev).size() == SHARDS.size(), "a cursor of each shard");
      synchronized (this) {
        return firstCursors(events);
      }
    }

    private static Map<String, TableCursor> firstCursors(List<Object> events) {
      Map<String, TableCursor> first = new LinkedHashMap<>();
      for (Object e : events) {
        if (e instanceof TableCursor c) {
          first.putIfAbsent(c.shard(), c);
        }
      }
      return new java.util.TreeMap<>(first);
    }

    List<Record> records(int n) throws InterruptedException {
      await(ev -> ev.stream().filter(e -> e instanceof Record).count() >= n, n + " records");
      return allRecords();
    }

    synchronized List<Record> allRecords() {
      return events.stream().filter(e -> e instanceof Record).map(e -> (Record) e).toList();
    }

    void awaitCursorsAt(String minus80, String plus80) throws InterruptedException {
      await(ev -> ev.stream().anyMatch(e -> e instanceof TableCursor c && c.shard().equals("-80")
              && c.position().equals(minus80))
          && ev.stream().anyMatch(e -> e instanceof TableCursor c && c.shard().equals("80-")
              && c.position().equals(plus80)), "cursors at " + minus80 + " and " + plus80);
    }

    synchronized TableCursor lastCursor() {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (events.get(i) instanceof TableCursor c) {
          return c;
        }
      }
      return null;
    }

    synchronized TableCursor lastCursorOf(String shard) {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (events.get(i) instanceof TableCursor c && c.shard().equals(shard)) {
          return c;
        }
      }
      return null;
    }

    synchronized Set<String> cursorShards() {
      return events.stream().filter(e -> e instanceof TableCursor).map(e -> ((TableCursor) e).shard())
          .collect(Collectors.toSet());
    }
  }
}
