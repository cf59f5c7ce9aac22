package io.planetscale.cdc.testkit.e2e;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.BinlogRowImage;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up of the VStream end-to-end tests: a one-shard fake, syncs over VStream, an ordered event sink. */
final class VStreamE2e {
  private VStreamE2e() {}

  /** A one-shard fake (shard "-") of keyspace "shop". */
  static FakePlanetScale oneShard() {
    return FakePlanetScale.builder().keyspace("shop").rowsPerResponse(5).build().start();
  }

  static VStreamEdgeDatabase vstream(FakePlanetScale fake) {
    return VStreamEdgeDatabase.create(fake.source(), ConnectOptions.defaults());
  }

  /** A VStream edge database told that the servers write {@code image} row images. */
  static VStreamEdgeDatabase vstream(FakePlanetScale fake, BinlogRowImage image) {
    return VStreamEdgeDatabase.create(fake.source(), ConnectOptions.builder().binlogRowImage(image).build());
  }

  /** Sync options reading one shard at a time with fast retries. */
  static SyncOptions.Builder options() {
    return SyncOptions.builder().logger(new RecordingLogger()).tabletType(TabletType.PRIMARY)
        .readOptions(E2e.fast()).readAhead(0);
  }

  static State sync(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, State state, RecordSink sink,
      SyncOptions options) {
    return PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, state, sink, options);
  }

  static State sync(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, State state, RecordSink sink) {
    return sync(fake, edge, catalog, state, sink, options().build());
  }

  /** The cursor of {@code stream} on shard {@code shard} in {@code state}. */
  static TableCursor cursor(State state, String stream, String shard) {
    return state.streams().get(stream).shards().get(shard).toTableCursor();
  }

  /** A copy of {@code catalog} in which column {@code column} of {@code stream} is not selected. */
  static Catalog deselect(Catalog catalog, String stream, String column) {
    List<Stream> streams = new ArrayList<>();
    for (Stream s : catalog.streams()) {
      if (!s.name().equals(stream)) {
        streams.add(s);
        continue;
      }
      List<Metadata> entries = new ArrayList<>();
      for (Metadata m : s.metadata().entries()) {
        boolean target = m.breadcrumb().equals(List.of("properties", column));
        entries.add(target ? new Metadata(m.metadata().withSelected(false)) : m);
      }
      streams.add(new Stream(s.type(), s.name(), s.id(), s.schema(), s.tableName(),
          new MetadataCollection(entries), s.keyProperties(), s.cursorProperties()));
    }
    return new Catalog(streams);
  }

  /** A sink and sync listener that keeps records, schema changes and states in the order they came. */
  static final class EventSink implements RecordSink, SyncListener {
    /** Records and schema changes the sink received, in order. */
    final List<Object> events = new ArrayList<>();
    /** Schema changes the sync listener heard of. */
    final List<SchemaChange> heard = new ArrayList<>();
    /** The streams schema changes came with. */
    final List<Stream> changeStreams = new ArrayList<>();
    final List<State> states = new ArrayList<>();
    /** How many flushes each event index was preceded by (flush count at the time of the event). */
    final List<Integer> flushesBefore = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void record(Record record, Stream stream) {
      events.add(record);
      flushesBefore.add(flushes);
    }

    @Override
    public synchronized void flush(Stream stream) {
      flushes++;
    }

    @Override
    public synchronized void state(State state) {
      states.add(state);
    }

    @Override
    public synchronized void schemaChange(SchemaChange change, Stream stream) {
      events.add(change);
      flushesBefore.add(flushes);
      changeStreams.add(stream);
    }

    @Override
    public synchronized void schemaChanged(SchemaChange change) {
      heard.add(change);
    }

    synchronized List<Record> records() {
      List<Record> out = new ArrayList<>();
      for (Object e : events) {
        if (e instanceof Record r) {
          out.add(r);
        }
      }
      return out;
    }

    synchronized List<SchemaChange> schemaChanges() {
      List<SchemaChange> out = new ArrayList<>();
      for (Object e : events) {
        if (e instanceof SchemaChange c) {
          out.add(c);
        }
      }
      return out;
    }
  }
}
