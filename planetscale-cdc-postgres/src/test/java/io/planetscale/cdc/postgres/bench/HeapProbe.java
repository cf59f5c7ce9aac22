package io.planetscale.cdc.postgres.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The heap a reader needs: the heap pools' peak usage since {@link #start()} (their peaks are summed, so this is
 * an upper bound: the pools need not peak at the same moment), and the heap in use after a full GC at the end,
 * both relative to the heap in use after a full GC at the start.
 */
final class HeapProbe {
  private final long baseline;

  private HeapProbe(long baseline) {
    this.baseline = baseline;
  }

  /** Collects garbage, notes the live heap and resets the pools' peaks. */
  static HeapProbe start() {
    long baseline = usedAfterGc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    return new HeapProbe(baseline);
  }

  /** The heap reading at the end of a phase (the peak is read before the final GC). */
  Heap stop() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new Heap(peak, usedAfterGc() - baseline, baseline);
  }

  private static long usedAfterGc() {
    // Two collections: the first may leave objects with finalizers or in-flight references for the second.
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A phase's heap.
   *
   * @param peakBytes the summed peak of the heap pools during the phase
   * @param retainedBytes live heap after a full GC at the end, minus the same at the start
   * @param baselineBytes live heap after a full GC at the start
   */
  record Heap(long peakBytes, long retainedBytes, long baselineBytes) {}
}
