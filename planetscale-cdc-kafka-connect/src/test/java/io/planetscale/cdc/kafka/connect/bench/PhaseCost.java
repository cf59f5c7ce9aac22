package io.planetscale.cdc.kafka.connect.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU a phase cost the whole process, and by thread: started before the phase, read after it.
 * Everything runs in this JVM (the fake server, the broker, the worker), so process CPU per row is the
 * cost of the whole pipeline, and the thread groups say which part of it spent it.
 */
final class PhaseCost {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processCpu0 = OS.getProcessCpuTime();
  private final long callerCpu0 = THREADS.getCurrentThreadCpuTime();
  private final long gcCount0 = gcTotal(true);
  private final long gcMillis0 = gcTotal(false);
  private final Map<Long, Long> threadCpu0 = threadCpu();
  private final double load = OS.getSystemLoadAverage();

  /** What the phase cost, per row. */
  record Cost(double processMicrosPerRow, double callerMicrosPerRow, long gcCount, long gcMillis, double loadAverage,
      String byThread) {}

  /** @return the cost since this meter was made, per row; call it on the thread that made it */
  Cost end(long rows) {
    long process = OS.getProcessCpuTime() - processCpu0;
    long caller = THREADS.getCurrentThreadCpuTime() - callerCpu0;
    double perRow = 1e3 * Math.max(1, rows);
    return new Cost(process / perRow, caller / perRow, gcTotal(true) - gcCount0, gcTotal(false) - gcMillis0, load,
        byThread(process, Math.max(1, rows)));
  }

  private static Map<Long, Long> threadCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  /**
   * µs per row by thread group (names with digits folded), biggest first; "JVM" is the rest of the
   * process: GC, JIT, and Java threads that ended during the phase (a deleted connector's tasks).
   */
  private String byThread(long processNanos, long rows) {
    Map<String, Long> groups = new TreeMap<>();
    long javaTotal = 0;
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      ThreadInfo info = THREADS.getThreadInfo(id);
      if (t < 0 || info == null) {
        continue;
      }
      long used = t - threadCpu0.getOrDefault(id, 0L);
      if (used > 0) {
        groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), used, Long::sum);
        javaTotal += used;
      }
    }
    groups.put("JVM", Math.max(0, processNanos - javaTotal));
    StringBuilder sb = new StringBuilder();
    groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .filter(e -> e.getValue() / 1e3 / rows >= 0.05)
        .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format("%.2f", e.getValue() / 1e3 / rows)));
    return sb.toString();
  }

  private static long gcTotal(boolean count) {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, count ? gc.getCollectionCount() : gc.getCollectionTime());
    }
    return total;
  }
}
