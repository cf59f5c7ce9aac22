package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.KeyspaceShard;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one {@code vtgateservice.Vitess/VStream} call on its own thread, the way vtgate does: it
 * checks the request ({@link VStreamStart}), then serves every shard of the VGTID in turn
 * ({@link ShardStream}: {@code "current"}, copy, replication), keeping the whole VGTID
 * ({@link VGtidState}) and adding the global COPY_COMPLETED once every shard reported its own. A
 * resharding journal in a shard's binlog is handled as vtgate does ({@link #journal}): once every
 * participant of the reshard reached it, their streams end and the target shards' streams start at
 * the journal's positions (unless {@code stop_on_reshard}; the call then completes when no shard stream
 * is left). Otherwise the call never ends by itself: when no shard has anything to send it waits for a
 * commit on one of them,
 * sending vtgate's HEARTBEAT when the request asked for them and nothing was sent for that long,
 * until the client cancels, its deadline passes, the fake closes or a {@link VStreamFaults} fault
 * ends it.
 */
final class VStreamCall implements Runnable {
  private final VStreamRequest request;
  private final ServerCallStreamObserver<VStreamResponse> observer;
  private final FakePlanetScale fake;
  private final VStreamSettings settings;
  private final VStreamFaults faults;
  private final Object monitor = new Object();
  private final AtomicLong commits = new AtomicLong();
  private final Runnable onCommit = this::commitSeen;
  private final boolean enumSetValuesAsStrings;
  private final List<ShardData> watched = new ArrayList<>();
  private final List<ShardStream> shards = new ArrayList<>();
  private final List<ShardStream> started = new ArrayList<>(); // by a reshard, during a step
  private final Map<Long, Set<String>> journalsJoined = new HashMap<>(); // journal id → participants that reached it
  private volatile boolean cancelled;
  private VStreamFilter filter;
  private VGtidState vgtid;
  private VStreamOutput output;
  private long copyBatches;
  private int copiesCompleted;

  VStreamCall(VStreamRequest request, ServerCallStreamObserver<VStreamResponse> observer, FakePlanetScale fake,
      VStreamSettings settings, VStreamFaults faults) {
    this.request = request;
    this.observer = observer;
    this.fake = fake;
    this.settings = settings;
    this.faults = faults;
    this.enumSetValuesAsStrings = settings.enumSetValuesAsStrings();
    observer.setOnReadyHandler(this::wake);
    observer.setOnCancelHandler(() -> {
      cancelled = true;
      wake();
    });
  }

  @Override
  public void run() {
    fake.streamOpened();
    try {
      serve();
    } catch (VStreamOutput.Completed e) {
      end(null);
    } catch (StatusRuntimeException e) {
      end(e);
    } catch (InterruptedException e) {
      end(Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException());
    } catch (RuntimeException e) {
      end(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
    } finally {
      for (ShardData s : watched) {
        s.removeListener(onCommit);
      }
      fake.streamClosed();
    }
  }

  private void serve() throws InterruptedException {
    filter = VStreamFilter.parse(request.hasFilter() ? request.getFilter() : null);
    List<VStreamStart.ShardStart> starts = VStreamStart.resolve(request, fake, filter);
    vgtid = new VGtidState();
    output = new VStreamOutput(observer, settings, faults, monitor, () -> cancelled);
    for (VStreamStart.ShardStart start : starts) {
      vgtid.add(fake.keyspace(), start.shard().name(), start.gtid(), start.tablePks());
      watch(start.shard());
      shards.add(new ShardStream(this, start));
    }
    Duration heartbeat = settings.heartbeatFor(request.getFlags().getHeartbeatInterval());
    try {
      while (!cancelled) {
        long seen = commits.get(); // read before looking, so a commit while we look is not missed
        boolean progressed = false;
        for (ShardStream shard : List.copyOf(shards)) {
          if (!shard.ended()) {
            progressed |= shard.step();
            output.flush();
          }
        }
        if (shards.removeIf(ShardStream::ended) || !started.isEmpty()) {
          shards.addAll(started);
          started.clear();
          progressed = true;
        }
        if (shards.isEmpty()) {
          throw new VStreamOutput.Completed(); // stop_on_reshard: no shard stream is left
        }
        if (!progressed && awaitCommit(seen, heartbeat)) {
          output.heartbeat();
        }
      }
    } catch (VStreamOutput.Silence s) {
      long end = System.nanoTime() + s.duration.toNanos();
      synchronized (monitor) {
        for (long left = s.duration.toNanos(); left > 0 && !cancelled; left = end - System.nanoTime()) {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
      }
      throw VStreamFaults.idleEnded().asRuntimeException();
    }
  }

  /** Waits for a commit on a watched shard or the cancel; true when a heartbeat is due instead. */
  private boolean awaitCommit(long seen, Duration heartbeat) throws InterruptedException {
    synchronized (monitor) {
      while (!cancelled && commits.get() == seen) {
        long wait = TimeUnit.SECONDS.toNanos(1); // only a guard: commits and cancels notify
        if (heartbeat != null) {
          long due = output.lastSendNanos() + heartbeat.toNanos() - System.nanoTime();
          if (due <= 0) {
            return true;
          }
          wait = Math.min(wait, due);
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, wait);
      }
      return false;
    }
  }

  private void watch(ShardData shard) {
    shard.addListener(onCommit);
    watched.add(shard);
  }

  /**
   * A shard's stream reached a resharding journal, as vtgate handles it: a journal whose participants
   * are not all in the VGTID fails the call; with {@code include_reshard_journal_events} or
   * {@code stop_on_reshard} the client gets {@code [BEGIN, JOURNAL, VGTID, COMMIT]} (else nothing); the
   * shard's stream ends. Once every participant reached the journal, their VGTID entries are replaced by
   * the journal's target shards, whose streams start at the journal's positions (not with
   * {@code stop_on_reshard}).
   */
  void journal(ShardStream stream, Transaction tx) throws InterruptedException {
    Journal journal = tx.journal();
    List<String> participants = new ArrayList<>();
    for (KeyspaceShard p : journal.getParticipantsList()) {
      participants.add(p.getShard());
    }
    List<String> inStream = new ArrayList<>();
    for (String p : participants) {
      if (vgtid.contains(p)) {
        inStream.add(p);
      }
    }
    if (inStream.isEmpty()) {
      return; // not this stream's reshard (vtgate: unreachable)
    }
    if (inStream.size() != participants.size()) {
      throw Status.UNKNOWN.withDescription("not all journaling participants are in the stream: journal: "
          + participants + ", stream: " + vgtid.shards()).asRuntimeException();
    }
    VStreamFlags flags = request.getFlags();
    String shard = stream.shard.name();
    if (flags.getIncludeReshardJournalEvents() || flags.getStopOnReshard()) {
      long ts = tx.commitSeconds();
      vgtid.position(shard, stream.shard.position(tx.seq()));
      output.add(stream.events.begin(ts));
      output.add(stream.events.journal(journal, ts));
      output.add(stream.events.vgtid(vgtid.toProto(), ts));
      output.add(stream.events.commit(ts));
      output.endChunk();
    }
    stream.end();
    Set<String> joined = journalsJoined.computeIfAbsent(journal.getId(), id -> new HashSet<>());
    joined.add(shard);
    if (joined.containsAll(participants) && !flags.getStopOnReshard()) {
      vgtid.replace(participants, journal.getShardGtidsList());
      for (ShardGtid g : journal.getShardGtidsList()) {
        ShardData target = VStreamStart.streamable(fake, g.getShard(), request);
        long from;
        target.lock.lock();
        try {
          from = target.sequenceOf(g.getGtid());
        } finally {
          target.lock.unlock();
        }
        watch(target);
        started.add(new ShardStream(this, new VStreamStart.ShardStart(target, g.getGtid(), VStreamStart.Mode.REPLICATE,
            from, Map.of(), List.of())));
      }
    }
  }

  private void end(StatusRuntimeException error) {
    if (cancelled) {
      return; // nothing to tell a client that left
    }
    try {
      if (error == null) {
        observer.onCompleted();
      } else {
        observer.onError(error);
      }
    } catch (IllegalStateException alreadyClosed) {
      // The call ended concurrently (cancelled by the client); nothing to tell it.
    }
  }

  private void commitSeen() {
    commits.incrementAndGet();
    wake();
  }

  private void wake() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  // ---- for the shard streams ----

  String keyspace() {
    return fake.keyspace();
  }

  boolean excludeKeyspaceFromTableName() {
    return request.getFlags().getExcludeKeyspaceFromTableName();
  }

  boolean enumSetValuesAsStrings() {
    return enumSetValuesAsStrings;
  }

  VStreamFilter filter() {
    return filter;
  }

  VGtidState vgtid() {
    return vgtid;
  }

  VStreamOutput output() {
    return output;
  }

  VStreamSettings settings() {
    return settings;
  }

  VStreamFaults faults() {
    return faults;
  }

  FakeTable table(String name) {
    return fake.table(name);
  }

  long copyBatches() {
    return copyBatches;
  }

  void copyBatchSent() {
    copyBatches++;
  }

  /** A shard finished its copy; true when it was the last of the call (vtgate's global marker is due). */
  boolean shardCopyCompleted() {
    return ++copiesCompleted == vgtid.size();
  }

  /**
   * The tables a copy goes through, in name order: those the filter selects, limited to
   * {@code tables_to_copy} when the request names some, and to {@code only} when it is not null.
   */
  List<String> tablesToCopy(Collection<String> only) {
    List<String> tables = new ArrayList<>();
    List<String> named = request.getFlags().getTablesToCopyList();
    for (String t : fake.schemaTableNames()) {
      if (filter.matches(t) && (named.isEmpty() || named.contains(t)) && (only == null || only.contains(t))) {
        tables.add(t);
      }
    }
    tables.sort(null);
    return tables;
  }
}
