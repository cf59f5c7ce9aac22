package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a VStream request and resolves where each shard starts, as vtgate and vttablet do before the
 * first event: at least one ShardGtid; the fake's keyspace ({@code ""} = every keyspace, gtid
 * {@code "current"} only); a shard of it ({@code ""} = every shard, gtid {@code "current"} or
 * {@code ""} only); a tablet type of PRIMARY, REPLICA or RDONLY; a filter the fake understands whose
 * named tables exist; a position of that shard that is not purged; table_p_ks of filtered tables
 * holding their primary key. The four start states of vttablet: {@code "current"}; a position
 * without table_p_ks (replicate only: tables never copied are not copied); {@code ""} (copy every
 * filtered table, then replicate); table_p_ks (copy every filtered table again, the listed ones from
 * their lastpk, after catching up from the position if one is given: {@link CopyPhase}).
 */
final class VStreamStart {
  enum Mode { CURRENT, REPLICATE, COPY }

  /**
   * Where one shard starts.
   *
   * @param shard the shard
   * @param gtid the position as requested
   * @param mode how it starts
   * @param fromSeq the sequence to replicate or catch up after; -1 for none ({@code ""})
   * @param resumeKeys table → the key its copy resumes after (COPY with table_p_ks), in request order
   * @param tablePks the request's table_p_ks, for the VGTID
   */
  record ShardStart(ShardData shard, String gtid, Mode mode, long fromSeq, Map<String, RowKey> resumeKeys,
      List<TableLastPK> tablePks) {}

  private VStreamStart() {}

  /** @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT, UNKNOWN (unknown table, purged binlogs) */
  static List<ShardStart> resolve(VStreamRequest request, FakePlanetScale fake, VStreamFilter filter) {
    int tabletType = request.getTabletTypeValue();
    if (tabletType < 1 || tabletType > 3) {
      throw SyncFailure.invalidArgument("tablet_type must be PRIMARY (1), REPLICA (2) or RDONLY (3), was "
          + tabletType);
    }
    if (request.getVgtid().getShardGtidsCount() == 0) {
      throw SyncFailure.invalidArgument("vgtid must have at least one value with a starting position");
    }
    for (String table : filter.namedTables()) {
      if (fake.table(table) == null) {
        throw Status.UNKNOWN.withDescription("unknown table " + table + " in schema").asRuntimeException();
      }
    }
    List<ShardStart> starts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ShardGtid g : request.getVgtid().getShardGtidsList()) {
      String keyspace = g.getKeyspace();
      if (keyspace.isEmpty() && !TableCursor.CURRENT.equals(g.getGtid())) {
        throw SyncFailure.invalidArgument("for an empty keyspace, the Gtid value must be 'current': " + g.getGtid());
      }
      if (!keyspace.isEmpty() && !keyspace.equals(fake.keyspace())) {
        throw SyncFailure.invalidArgument("keyspace \"" + keyspace + "\" not found; this server has \""
            + fake.keyspace() + "\"");
      }
      List<String> shards;
      if (g.getShard().isEmpty()) {
        if (!g.getGtid().isEmpty() && !TableCursor.CURRENT.equals(g.getGtid())) {
          throw SyncFailure.invalidArgument("if shards are unspecified, the Gtid value must be 'current' or empty: "
              + g.getGtid());
        }
        shards = fake.shardNames();
      } else {
        shards = List.of(g.getShard());
      }
      for (String name : shards) {
        ShardData shard = streamable(fake, name, request);
        if (!seen.add(name)) {
          throw SyncFailure.invalidArgument("shard \"" + name + "\" appears twice in the vgtid");
        }
        starts.add(start(shard, g, fake, filter));
      }
    }
    return starts;
  }

  /**
   * A shard a VStream can read: a serving one, or the source of a reshard whose history is still kept
   * (vtgate then picks its non-serving tablet: the stream catches up on it, reaches its journal and
   * moves on to the new shards).
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a shard that never existed; CANCELED for one
   *     {@link FakePlanetScale#removeShards} removed: vtgate's tablet picker finds no tablet and gives up
   *     after its 90-second timeout ("failed to find a PRIMARY tablet for VStream in ks/-80 within the ...
   *     cell(s): context has expired"); the fake answers at once
   */
  static ShardData streamable(FakePlanetScale fake, String name, VStreamRequest request) {
    ShardData shard = fake.streamableShard(name);
    if (shard != null) {
      return shard;
    }
    if (fake.wasRemoved(name)) {
      String cells = request.getFlags().getCells().isEmpty() ? "zone1" : request.getFlags().getCells();
      throw Status.CANCELLED.withDescription("failed to find a " + request.getTabletType().name()
          + " tablet for VStream in " + fake.keyspace() + "/" + name + " within the " + cells
          + " cell(s): context has expired").asRuntimeException();
    }
    throw SyncFailure.invalidArgument("shard \"" + name + "\" does not exist in keyspace \"" + fake.keyspace()
        + "\"; shards are " + fake.shardNames());
  }

  private static ShardStart start(ShardData shard, ShardGtid g, FakePlanetScale fake, VStreamFilter filter) {
    String gtid = g.getGtid();
    Map<String, RowKey> resume = new LinkedHashMap<>();
    for (TableLastPK pk : g.getTablePKsList()) {
      FakeTable table = fake.table(pk.getTableName());
      if (table == null || !filter.matches(pk.getTableName())) {
        throw SyncFailure.invalidArgument("table_p_ks names table \"" + pk.getTableName() + "\", which "
            + (table == null ? "does not exist" : "the filter does not select"));
      }
      resume.put(pk.getTableName(), LastPk.parse(table, pk.getLastpk(), "lastpk"));
    }
    if (TableCursor.CURRENT.equals(gtid)) {
      if (!resume.isEmpty()) {
        throw SyncFailure.invalidArgument("table_p_ks cannot be combined with gtid 'current' (shard \""
            + shard.name() + "\")");
      }
      return new ShardStart(shard, gtid, Mode.CURRENT, -1, resume, g.getTablePKsList());
    }
    long from = -1;
    if (!gtid.isEmpty()) {
      shard.lock.lock();
      try {
        from = shard.sequenceOf(gtid);
      } finally {
        shard.lock.unlock();
      }
    }
    Mode mode = gtid.isEmpty() || !resume.isEmpty() ? Mode.COPY : Mode.REPLICATE;
    return new ShardStart(shard, gtid, mode, from, resume, g.getTablePKsList());
  }
}
