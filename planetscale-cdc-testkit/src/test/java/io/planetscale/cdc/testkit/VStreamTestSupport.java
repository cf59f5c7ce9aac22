package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Fixtures and readable views of VStream responses for the VStream tests. */
final class VStreamTestSupport {
  static final String ITEMS = SyncTestSupport.ITEMS;

  private VStreamTestSupport() {}

  /** A started fake and a raw VStream client on it, closed together. */
  static final class Env implements AutoCloseable {
    final FakePlanetScale fake;
    final RawVStreamClient client;

    Env(FakePlanetScale.Builder builder) {
      fake = builder.keyspace(ServerTestSupport.uniqueKeyspace("vs")).build().start();
      RawVStreamClient c = null;
      try {
        c = new RawVStreamClient(fake);
      } finally {
        if (c == null) {
          fake.close();
        }
      }
      client = c;
    }

    /** One shard (or the given ones), the items table. */
    static Env items(boolean tls, String... shards) {
      FakePlanetScale.Builder b = FakePlanetScale.builder().tls(tls);
      if (shards.length > 0) {
        b.shards(shards);
      }
      Env env = new Env(b);
      env.fake.createTable(SyncTestSupport.itemsSpec());
      return env;
    }

    /** Closes the client, waits (bounded) for the server to see its calls end, then closes the fake. */
    @Override
    public void close() {
      try {
        client.close();
        fake.awaitOpenStreams(0, Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        fake.close();
      }
    }
  }

  /** The event types of a response, space-separated: {@code "BEGIN FIELD"}. */
  static String frame(VStreamResponse r) {
    StringBuilder sb = new StringBuilder();
    for (VEvent e : r.getEventsList()) {
      sb.append(sb.length() == 0 ? "" : " ").append(e.getType().name());
    }
    return sb.toString();
  }

  static List<String> frames(List<VStreamResponse> responses) {
    List<String> out = new ArrayList<>();
    for (VStreamResponse r : responses) {
      out.add(frame(r));
    }
    return out;
  }

  static List<VEvent> events(List<VStreamResponse> responses) {
    List<VEvent> out = new ArrayList<>();
    for (VStreamResponse r : responses) {
      out.addAll(r.getEventsList());
    }
    return out;
  }

  static List<VEvent> ofType(List<VStreamResponse> responses, VEventType type) {
    List<VEvent> out = new ArrayList<>();
    for (VEvent e : events(responses)) {
      if (e.getType() == type) {
        out.add(e);
      }
    }
    return out;
  }

  static boolean has(VStreamResponse r, VEventType type) {
    for (VEvent e : r.getEventsList()) {
      if (e.getType() == type) {
        return true;
      }
    }
    return false;
  }

  /** The response holding the global COPY_COMPLETED (no keyspace). */
  static final Predicate<VStreamResponse> GLOBAL_COPY_COMPLETED = r -> {
    for (VEvent e : r.getEventsList()) {
      if (e.getType() == VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty()) {
        return true;
      }
    }
    return false;
  };

  /** Responses up to and including the first with a COMMIT. */
  static final Predicate<VStreamResponse> COMMITS = r -> has(r, VEventType.COMMIT);

  static List<String> texts(Row row) {
    return ServerTestSupport.texts(row);
  }

  static List<String> after(RowChange c) {
    return c.hasAfter() ? texts(c.getAfter()) : null;
  }

  static List<String> before(RowChange c) {
    return c.hasBefore() ? texts(c.getBefore()) : null;
  }

  /** Every row change of every ROW event, in order. */
  static List<RowChange> changes(List<VStreamResponse> responses) {
    List<RowChange> out = new ArrayList<>();
    for (VEvent e : ofType(responses, VEventType.ROW)) {
      out.addAll(e.getRowEvent().getRowChangesList());
    }
    return out;
  }

  /** The first cell (the id) of each after-image, in order. */
  static List<String> afterIds(List<VStreamResponse> responses) {
    List<String> out = new ArrayList<>();
    for (RowChange c : changes(responses)) {
      out.add(after(c).get(0));
    }
    return out;
  }

  /** shard → gtid of a VGTID event. */
  static Map<String, String> gtids(VEvent vgtid) {
    Map<String, String> out = new TreeMap<>();
    for (ShardGtid g : vgtid.getVgtid().getShardGtidsList()) {
      out.put(g.getShard(), g.getGtid());
    }
    return out;
  }

  /** The id text of the lastpk of {@code table} on the VGTID's only shard, or null. */
  static String lastPkId(VEvent vgtid, String table) {
    for (ShardGtid g : vgtid.getVgtid().getShardGtidsList()) {
      for (var pk : g.getTablePKsList()) {
        if (pk.getTableName().equals(table)) {
          return texts(pk.getLastpk().getRows(0)).get(0);
        }
      }
    }
    return null;
  }
}
