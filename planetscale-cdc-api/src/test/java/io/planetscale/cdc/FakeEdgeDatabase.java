package io.planetscale.cdc;

import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadParams;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link EdgeDatabase} for engine tests, like singer-tap's {@code testPlanetScaleEdgeDatabase}: each
 * read runs {@link #readFn}, and every {@link ReadParams} is recorded.
 */
final class FakeEdgeDatabase implements EdgeDatabase {
  Function<ReadParams, SerializedCursor> readFn;
  final List<ReadParams> reads = new ArrayList<>();

  FakeEdgeDatabase(Function<ReadParams, SerializedCursor> readFn) {
    this.readFn = readFn;
  }

  /** An edge that reports no change: it returns the cursor it was given. */
  static FakeEdgeDatabase echo() {
    return new FakeEdgeDatabase(p -> SerializedCursor.of(p.lastKnownPosition()));
  }

  List<String> readShards() {
    List<String> shards = new ArrayList<>();
    for (ReadParams p : reads) {
      shards.add(p.table().name() + "/" + p.lastKnownPosition().shard());
    }
    return shards;
  }

  @Override
  public void canConnect(PlanetScaleSource source) {}

  @Override
  public SerializedCursor read(ReadParams params) {
    reads.add(params);
    return readFn.apply(params);
  }

  @Override
  public void close() {}
}
