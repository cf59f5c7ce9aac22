package io.planetscale.cdc.testkit.e2e;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The SDK side of {@link KeyspaceStreamMemoryTest}, in a JVM of its own with a small heap: streams a
 * keyspace from a saved position with {@link KeyspaceStream}, counting records and chunks, until a
 * given number of records arrived. It checks that each transaction's chunks come numbered from 0
 * and that only the last carries a position, then prints one line
 * {@code records=<n> chunks=<n> transactions=<n> largestChunk=<records> lastChunk=<records> peakHeapMiB=<n>}
 * and exits 0; on a broken rule it prints why to stderr and exits 1.
 */
public final class KeyspaceMemoryProbe {
  private long records;
  private long chunks;
  private long transactions;
  private int nextChunk;
  private int largestChunk;
  private int lastChunkRecords;
  private String failure;

  private KeyspaceMemoryProbe() {}

  /**
   * @param args the source's JSON file ({@code PlanetScaleSource.toJson()}, so no password is on the
   *     command line), the start position's JSON file ({@code VGtid.toJson()}), the number of records
   *     to wait for, and {@code maxTransactionRecords}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: KeyspaceMemoryProbe <source.json> <vgtid.json> <records> <maxTransactionRecords>");
      System.exit(2);
    }
    PlanetScaleSource source = PlanetScaleSource.fromJson(Files.readString(Path.of(args[0])));
    VGtid start = VGtid.fromJson(Files.readString(Path.of(args[1])));
    long expected = Long.parseLong(args[2]);
    int chunkRecords = Integer.parseInt(args[3]);
    Catalog catalog;
    try (MysqlAccess mysql = new FakeMysqlAccessProvider().open(source)) {
      catalog = PlanetScaleCdc.discover(source, mysql, new DiscoverSettings(true, List.of(), true, false));
    }
    KeyspaceMemoryProbe probe = new KeyspaceMemoryProbe();
    try (KeyspaceStream stream = KeyspaceStream.builder(source, catalog).startAt(start)
        .maxTransactionRecords(chunkRecords).build()) {
      stream.run(tx -> {
        probe.accept(tx);
        if (probe.failure != null || (probe.records >= expected && tx.lastChunk())) {
          stream.close();
        }
      });
    }
    if (probe.failure == null && probe.records != expected) {
      probe.failure = "the stream ended after " + probe.records + " records, expected " + expected;
    }
    if (probe.failure != null) {
      System.err.println(probe.failure);
      System.exit(1);
    }
    System.out.println("records=" + probe.records + " chunks=" + probe.chunks + " transactions=" + probe.transactions
        + " largestChunk=" + probe.largestChunk + " lastChunk=" + probe.lastChunkRecords + " peakHeapMiB="
        + peakHeapMiB());
  }

  private void accept(Transaction tx) {
    if (failure != null) {
      return;
    }
    if (tx.chunk() != nextChunk) {
      failure = "transaction " + transactions + ": chunk " + tx.chunk() + " came where chunk " + nextChunk
          + " was due";
    } else if (tx.lastChunk() != (tx.position() != null)) {
      failure = "transaction " + transactions + ", chunk " + tx.chunk() + ": last " + tx.lastChunk()
          + " but position " + tx.position();
    }
    records += tx.records().size();
    chunks++;
    largestChunk = Math.max(largestChunk, tx.records().size());
    lastChunkRecords = tx.records().size();
    if (tx.lastChunk()) {
      transactions++;
      nextChunk = 0;
    } else {
      nextChunk++;
    }
  }

  /** The heap pools' peaks, summed: at most what the heap held at once. */
  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
