package io.planetscale.cdc.testkit.e2e;

import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.TABLES;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.apply;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.TransactionListener;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A consumer killed again and again: 100 rounds, each with random inserts, updates and deletes made
 * to the keyspace, then a stream from the last saved position that is stopped at a random point
 * (its listener throws after a random number of transactions, or the server breaks the call) or
 * runs until it has caught up. Only what the listener accepted counts; after the last round the
 * tables rebuilt from the accepted records equal the keyspace's, in the copy and after it.
 */
class KeyspaceKillResumeTest {
  private static final long SEED = 20261201L;
  private static final int ROUNDS = 100;

  @Test
  void oneHundredRandomKillsAndResumesRebuildEveryTableExactly() throws Exception {
    Random random = new Random(SEED);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (FakePlanetScale fake = KeyspaceStreamE2eTest.twoShards()) {
      fake.vstream().copyBatchRows(5);
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      Map<String, Map<Long, String>> rebuilt = new TreeMap<>();
      long nextId = 1000;
      VGtid position = null;
      int stoppedByListener = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        for (int c = random.nextInt(6); c > 0; c--) {
          nextId = change(fake, random, expected, nextId);
        }
        if (random.nextInt(4) == 0) {
          fake.faults().vstream().endUnexpectedlyAfterResponses(1 + random.nextInt(8));
        }
        int stopAfter = 1 + random.nextInt(6);
        List<Record> accepted = new ArrayList<>();
        TransactionListener listener = new TransactionListener() {
          private int seen;

          @Override
          public void onTransaction(Transaction tx) {
            if (++seen == stopAfter) {
              throw new IllegalStateException("killed");
            }
            synchronized (accepted) {
              accepted.addAll(tx.records());
            }
          }
        };
        KeyspaceStream.Builder b = KeyspaceStream.builder(fake.source(), catalog)
            .connectOptions(KeyspaceStreamE2eTest.FAST);
        if (position != null) {
          b.startAt(position);
        }
        try (KeyspaceStream stream = b.build()) {
          Future<VGtid> run = thread.submit(() -> stream.run(listener));
          awaitTrue(() -> run.isDone() || caughtUp(rebuilt, accepted, expected), "round end");
          stream.close();
          try {
            position = run.get(KeyspaceStreams.WAIT.toSeconds(), TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(KeyspaceStream.ListenerException.class);
            position = ((KeyspaceStream.ListenerException) e.getCause()).position();
            stoppedByListener++;
          }
        }
        fake.faults().reset();
        E2e.quiesce(fake);
        synchronized (accepted) {
          apply(rebuilt, accepted);
        }
      }
      // A last run with nothing stopping it catches up.
      KeyspaceStreams.Recorder last = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(KeyspaceStreamE2eTest.FAST).startAt(position).build(), last)) {
        awaitTrue(() -> caughtUp(rebuilt, KeyspaceStreams.records(last.transactions), expected), "the last run");
        running.stop();
      }
      apply(rebuilt, KeyspaceStreams.records(last.transactions));
      assertThat(rebuilt).isEqualTo(expected);
      assertThat(stoppedByListener).as("rounds stopped by the listener").isGreaterThan(ROUNDS / 3);
    } finally {
      thread.shutdownNow();
    }
  }

  /** Whether the tables rebuilt so far plus {@code more} equal {@code expected}. */
  private static boolean caughtUp(Map<String, Map<Long, String>> rebuilt, List<Record> more,
      Map<String, Map<Long, String>> expected) {
    Map<String, Map<Long, String>> copy = new TreeMap<>();
    rebuilt.forEach((t, rows) -> copy.put(t, new TreeMap<>(rows)));
    synchronized (more) {
      apply(copy, new ArrayList<>(more));
    }
    return copy.equals(expected);
  }

  /** One random insert, update or delete, made on the fake and in {@code expected}. */
  private static long change(FakePlanetScale fake, Random random, Map<String, Map<Long, String>> expected,
      long nextId) {
    String table = TABLES.get(random.nextInt(TABLES.size()));
    Map<Long, String> rows = expected.get(table);
    List<Long> ids = new ArrayList<>(rows.keySet());
    int kind = ids.isEmpty() ? 0 : random.nextInt(3);
    if (kind == 0) {
      long id = nextId++;
      fake.insert(table, Map.of("id", id, "note", "i" + id));
      rows.put(id, "i" + id);
    } else if (kind == 1) {
      long id = ids.get(random.nextInt(ids.size()));
      String note = "u" + random.nextInt(1_000_000);
      fake.update(table, id, Map.of("note", note));
      rows.put(id, note);
    } else {
      long id = ids.get(random.nextInt(ids.size()));
      fake.delete(table, id);
      rows.remove(id);
    }
    return nextId;
  }
}
