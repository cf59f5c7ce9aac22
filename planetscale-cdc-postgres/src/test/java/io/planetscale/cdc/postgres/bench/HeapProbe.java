package io.planetscale.cdc.postgres.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a reader needs, three ways, all relative to the heap in use after a full GC at {@link #start()}:
 * the heap pools' peak usage (their peaks are summed, an upper bound, and it follows how far the collector lets
 * the young generation grow, not only what the reader holds); the largest heap in use right after any GC
 * during the phase (from GC notifications: what the reader kept alive at worst); and the heap in use after a
 * full GC at the end.
 */
final class HeapProbe implements NotificationListener {
  private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
      .collect(Collectors.toUnmodifiableSet());

  private final long baseline;
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();

  private HeapProbe(long baseline) {
    this.baseline = baseline;
  }

  /** Collects garbage, notes the live heap, resets the pools' peaks and starts listening to collections. */
  static HeapProbe start() {
    HeapProbe probe = new HeapProbe(usedAfterGc());
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(probe, null, null);
        probe.emitters.add(emitter);
      }
    }
    return probe;
  }

  /** The heap reading at the end of a phase (the peaks are read before the final GC). */
  Heap stop() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        throw new IllegalStateException("the GC listener vanished", e);
      }
    }
    long afterGc = maxAfterGc.get();
    return new Heap(peak - baseline, afterGc == 0 ? 0 : afterGc - baseline, usedAfterGc() - baseline, baseline);
  }

  /** Notes the heap in use after one collection (the phase's own; {@link #stop()} removes the listener first). */
  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    maxAfterGc.accumulateAndGet(used, Math::max);
  }

  private static long usedAfterGc() {
    // Two collections: the first may leave objects with finalizers or in-flight references for the second.
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A phase's heap, in bytes above {@code baselineBytes}.
   *
   * @param peakBytes the summed peak of the heap pools during the phase
   * @param maxAfterGcBytes the most heap in use right after a collection during the phase (0: none ran)
   * @param retainedBytes live heap after a full GC at the end
   * @param baselineBytes live heap after a full GC at the start (absolute)
   */
  record Heap(long peakBytes, long maxAfterGcBytes, long retainedBytes, long baselineBytes) {}
}
