package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property users rely on when they de-duplicate by {@link RecordPosition}: whatever faults,
 * retries, read windows, checkpoints and concurrent changes a sync meets, (1) records that share a
 * position are the same change, and (2) keeping the first record of each position and applying them
 * in order rebuilds the table exactly. Each seed is one random scenario, reproducible by its number,
 * run on both transports (on VStream: copy batches and response splits of the drawn size, the read
 * call failing or ending unexpectedly after a drawn number of responses).
 */
class DedupRebuildPropertyTest {
  private static final int SEEDS = Integer.getInteger("dedup.seeds", 24);

  static java.util.stream.Stream<Arguments> seeds() {
    return LongStream.range(1, SEEDS + 1).boxed()
        .flatMap(seed -> java.util.stream.Stream.of(Transport.values()).map(t -> Arguments.of(t, seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("seeds")
  void dedupByPositionRebuildsTheTable(Transport transport, long seed) {
    Random random = new Random(seed);
    String[] shards = random.nextBoolean() ? new String[] {"-"} : new String[] {"-80", "80-"};
    int rowsPerResponse = 1 + random.nextInt(8);
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards(shards)
        .rowsPerResponse(rowsPerResponse).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(rowsPerResponse);
      Map<Long, String> table = E2e.orders(fake, 10 + random.nextInt(70));
      Catalog catalog = E2e.catalog(fake);
      Chaos chaos = new Chaos(fake, transport, random, table);
      String scenario = transport + " seed " + seed + ", shards " + shards.length;

      State state = State.empty();
      List<List<Record>> syncs = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        boolean last = round == 2; // a last quiet sync picks up what came after the previous stop positions
        chaos.arm(last ? 0 : 2 + random.nextInt(5));
        RecordingSink recording = new RecordingSink();
        state = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, state,
            last ? recording : chaos.hooked(recording), options(random, last));
        E2e.quiesce(fake);
        fake.faults().reset();
        fake.vstream().maxEventsPerResponse(Integer.MAX_VALUE);
        syncs.add(recording.records());
        if (!last) {
          chaos.changeSome(); // between syncs
        }
      }

      List<Record> applied = new ArrayList<>();
      for (List<Record> records : syncs) {
        Map<RecordPosition, Record> first = new LinkedHashMap<>();
        for (Record r : records) {
          Record seen = first.putIfAbsent(r.position(), r);
          if (seen != null) {
            assertThat(sameChange(seen, r)).as("%s: records sharing %s: %s and %s", scenario, r.position(), seen, r)
                .isTrue();
          }
        }
        applied.addAll(first.values());
      }
      assertThat(E2e.replay(Map.of(), applied)).as(scenario).isEqualTo(table);
    }
  }

  private static boolean sameChange(Record a, Record b) {
    return a.stream().equals(b.stream()) && a.operation() == b.operation() && a.data().equals(b.data())
        && Objects.equals(a.before(), b.before());
  }

  private static SyncOptions options(Random random, boolean quiet) {
    Duration window = quiet ? Duration.ofSeconds(30) : switch (random.nextInt(3)) {
      case 0 -> Duration.ofMillis(120);
      case 1 -> Duration.ofMillis(400);
      default -> Duration.ofSeconds(30);
    };
    ReadOptions read = E2e.fast().withReadWindow(window).withSettleInterval(Duration.ofMillis(100));
    SyncOptions.Builder b = SyncOptions.builder().readOptions(read).logger(new RecordingLogger())
        .shardParallelism(1 + random.nextInt(2));
    if (random.nextBoolean()) {
      b.checkpointEveryRows(1 + random.nextInt(15));
    }
    return b.build();
  }

  /** Random changes and faults, applied while a sync delivers records and between syncs. */
  private static final class Chaos {
    private final FakePlanetScale fake;
    private final Transport transport;
    private final Random random;
    private final Map<Long, String> table;
    private final Map<Integer, Runnable> atRecord = new HashMap<>();
    private long nextId = 1000;
    private int change;

    Chaos(FakePlanetScale fake, Transport transport, Random random, Map<Long, String> table) {
      this.fake = fake;
      this.transport = transport;
      this.random = random;
      this.table = table;
    }

    /** Plans {@code events} changes or faults at random record counts of the next sync. */
    void arm(int events) {
      atRecord.clear();
      for (int i = 0; i < events; i++) {
        int at = 1 + random.nextInt(60);
        atRecord.merge(at, random.nextInt(3) == 0 ? this::fault : this::changeSome, (a, b) -> () -> {
          a.run();
          b.run();
        });
      }
      if (random.nextInt(3) == 0) {
        int n = 2 + random.nextInt(4);
        if (transport == Transport.VSTREAM) {
          fake.vstream().maxEventsPerResponse(n); // transactions split over several responses
        } else {
          fake.faults().delayResponses(Duration.ofMillis(n));
        }
      }
    }

    RecordSink hooked(RecordingSink sink) {
      return new ForwardingSink(sink) {
        private int seen;

        @Override
        public void record(Record r, Stream s) throws Exception {
          super.record(r, s);
          Runnable action = atRecord.remove(++seen);
          if (action != null) {
            action.run();
          }
        }
      };
    }

    private void fault() {
      if (random.nextBoolean()) {
        int n = 1 + random.nextInt(3);
        if (transport == Transport.VSTREAM) {
          fake.faults().vstream().failAfterResponses(n, Status.Code.UNAVAILABLE, "tablet restarting");
        } else {
          fake.faults().failResponse(n, Status.Code.UNAVAILABLE, "tablet restarting");
        }
      } else {
        int n = 1 + random.nextInt(5);
        if (transport == Transport.VSTREAM) {
          fake.faults().vstream().endUnexpectedlyAfterResponses(n);
        } else {
          fake.faults().dropStreamAfterRows(n);
        }
      }
    }

    /** One to three inserts, updates or deletes, mirrored in the expected table. */
    void changeSome() {
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        List<Long> ids = new ArrayList<>(new TreeMap<>(table).keySet());
        int kind = ids.isEmpty() ? 0 : random.nextInt(3);
        String note = "c" + (++change);
        if (kind == 0) {
          // New keys land below, among and above the rows a copy has already read.
          long id = random.nextBoolean() ? nextId++ : -(nextId++);
          fake.insert("orders", Map.of("id", id, "note", note));
          table.put(id, note);
        } else {
          long id = ids.get(random.nextInt(ids.size()));
          if (kind == 1) {
            fake.update("orders", id, Map.of("note", note));
            table.put(id, note);
          } else {
            fake.delete("orders", id);
            table.remove(id);
          }
        }
      }
    }
  }
}
