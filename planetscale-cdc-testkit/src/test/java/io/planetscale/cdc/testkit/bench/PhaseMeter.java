package io.planetscale.cdc.testkit.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the SDK-versus-raw runners share: measuring one phase end to end (rows/s, heap pools' peak
 * above the baseline a {@code System.gc()} leaves, the largest heap right after a GC during the phase,
 * GC count and time, process CPU per row and by thread), running phases in ABBA order, the summary
 * lines with the per-run SDK / raw ratios, and the result file under {@code target/}. Every line is
 * printed and kept for the file.
 */
final class PhaseMeter {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final StringBuilder report = new StringBuilder();
  private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
  private final AtomicLong liveAfterGc = new AtomicLong();
  /** The measured phase, in JVM uptime milliseconds: GCs starting outside it are not counted. */
  private volatile long phaseStart = Long.MAX_VALUE;
  private volatile long phaseEnd = Long.MAX_VALUE;
  private jdk.jfr.Recording recording;

  /** The work of one phase: returns the rows (or records) it counted. */
  @FunctionalInterface
  interface Work {
    long rows() throws Exception;
  }

  /** One measured phase: rows/s, heap and GC. */
  static final class Phase {
    double rate;
    double seconds;
    long baseline;
    long peak;
    long live;
    long gcCount;
    long gcMillis;
    double cpuMicrosPerRow;
    double callerCpuMicrosPerRow;
    String threads;
  }

  PhaseMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        heapPools.add(pool);
      }
    }
    NotificationListener onGc = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long started = info.getGcInfo().getStartTime();
        if (started < phaseStart || started > phaseEnd) {
          return; // notifications come late, on their own thread: this GC was not during the phase
        }
        long used = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          used += u.getUsed();
        }
        // Non-heap pools (metaspace, code cache) are in the map too; they are small and constant here.
        liveAfterGc.accumulateAndGet(used, Math::max);
      }
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(onGc, null, null);
    }
  }

  /** The JVM line of a result's header: version, cores, heap, GC and flags. */
  void jvmLine() {
    line(String.format("JVM %s, %d cores, max heap %,d MiB, GC %s, flags %s", System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, gcNames(),
        ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /**
   * Measures every phase {@code runs} times, even runs in reverse order (ABBA: a change of machine
   * load weighs on raw and SDK alike), printing each phase and, after each run, SDK / raw per pair.
   * With {@code -Dbench.jfr=<file>} the runs (not what came before) are recorded with JFR's
   * {@code profile} settings and 1 ms CPU sampling.
   *
   * @param order the phases in the order of odd runs
   * @param labels each phase's printed name
   * @param work each phase's work
   * @param expected each phase's row count: a phase counting anything else fails the run
   * @param baseline each SDK phase measured, mapped to the raw phase it is compared with, in print order
   * @return each phase's measurements, in run order
   */
  Map<String, List<Phase>> runAbba(List<String> order, int runs, Map<String, String> labels, Map<String, Work> work,
      ToLongFunction<String> expected, Map<String, String> baseline) throws Exception {
    String jfr = System.getProperty("bench.jfr");
    if (jfr != null) {
      // Profile the measured runs only, not the load: the "profile" settings with 1 ms CPU sampling.
      recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.start();
    }
    Map<String, List<Phase>> results = new LinkedHashMap<>();
    for (String name : order) {
      results.put(name, new ArrayList<>());
    }
    for (int run = 1; run <= runs; run++) {
      List<String> thisRun = new ArrayList<>(order);
      if (run % 2 == 0) {
        Collections.reverse(thisRun);
      }
      for (String name : thisRun) {
        results.get(name).add(measure(labels.get(name), run, expected.applyAsLong(name), work.get(name)));
      }
      StringBuilder sb = new StringBuilder("run " + run + ":");
      for (Map.Entry<String, String> pair : baseline.entrySet()) {
        sb.append(String.format("  %s/%s %.1f%%", labels.get(pair.getKey()), labels.get(pair.getValue()),
            100 * results.get(pair.getKey()).get(run - 1).rate / results.get(pair.getValue()).get(run - 1).rate));
      }
      line(sb.toString());
    }
    if (recording != null) {
      recording.stop();
      recording.dump(Path.of(jfr));
      recording.close();
      line("JFR recording of the measured runs (not the load): " + jfr);
    }
    return results;
  }

  /**
   * The summary: each phase's medians, then per SDK phase the per-run ratios to its raw phase, their
   * median, the ratio of the medians, and the process CPU per row of both.
   */
  void summaries(int runs, Map<String, String> labels, Map<String, List<Phase>> results,
      Map<String, String> baseline) {
    line("--- summary (median over " + runs + " runs; run 1 includes JIT warm-up)");
    for (Map.Entry<String, List<Phase>> e : results.entrySet()) {
      summary(labels.get(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, String> pair : baseline.entrySet()) {
      List<Phase> lib = results.get(pair.getKey());
      List<Phase> raw = results.get(pair.getValue());
      double[] ratios = new double[runs];
      for (int i = 0; i < runs; i++) {
        ratios[i] = lib.get(i).rate / raw.get(i).rate;
      }
      String sdkLabel = labels.get(pair.getKey());
      String rawLabel = labels.get(pair.getValue());
      line(String.format("%s / %s: per run %s, median %.1f%% (target >= 90%%); ratio of medians %.1f%%",
          sdkLabel, rawLabel, percents(ratios), 100 * median(ratios),
          100 * median(rates(lib)) / median(rates(raw))));
      line(String.format("  process CPU per row (client + in-process fake server), median: %s %.2f µs, %s %.2f µs; "
          + "raw/SDK %.1f%% (the throughput ratio the CPU cost alone predicts on a saturated machine)",
          rawLabel, median(cpu(raw)), sdkLabel, median(cpu(lib)), 100 * median(cpu(raw)) / median(cpu(lib))));
    }
  }

  private Phase measure(String name, int run, long expected, Work work) throws Exception {
    System.gc();
    System.gc();
    Phase p = new Phase();
    p.baseline = heapUsed();
    for (MemoryPoolMXBean pool : heapPools) {
      pool.resetPeakUsage();
    }
    liveAfterGc.set(0);
    phaseEnd = Long.MAX_VALUE;
    phaseStart = ManagementFactory.getRuntimeMXBean().getUptime();
    long gcCount0 = gcTotal(GarbageCollectorMXBean::getCollectionCount);
    long gcTime0 = gcTotal(GarbageCollectorMXBean::getCollectionTime);
    double load = OS.getSystemLoadAverage();
    long cpu0 = OS.getProcessCpuTime();
    long callerCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Map<Long, long[]> threads0 = threadCpu();
    long start = System.nanoTime();
    long rows = work.rows();
    double seconds = (System.nanoTime() - start) / 1e9;
    long processNanos = OS.getProcessCpuTime() - cpu0;
    p.threads = threadBreakdown(threads0, processNanos, Math.max(1, rows));
    p.cpuMicrosPerRow = processNanos / 1e3 / Math.max(1, rows);
    p.callerCpuMicrosPerRow = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - callerCpu0) / 1e3
        / Math.max(1, rows);
    p.gcCount = gcTotal(GarbageCollectorMXBean::getCollectionCount) - gcCount0;
    p.gcMillis = gcTotal(GarbageCollectorMXBean::getCollectionTime) - gcTime0;
    for (MemoryPoolMXBean pool : heapPools) {
      p.peak += pool.getPeakUsage().getUsed();
    }
    phaseEnd = ManagementFactory.getRuntimeMXBean().getUptime();
    Thread.sleep(200); // let the phase's last GC notification arrive
    p.live = liveAfterGc.get();
    if (rows != expected) {
      throw new IllegalStateException(name + ": " + rows + " rows, expected " + expected);
    }
    p.seconds = seconds;
    p.rate = rows / seconds;
    line(String.format("run %d %-16s %,d rows in %6.2f s = %,10.0f rows/s | heap MiB: baseline %,d, peak %,d "
        + "(+%,d), live-after-GC %s | GC %d in %d ms | process CPU %.2f µs/row (calling thread %.2f) | load avg %.2f",
        run, name, rows, seconds, p.rate, mib(p.baseline), mib(p.peak), mib(p.peak - p.baseline),
        p.live == 0 ? "n/a (no GC)" : String.format("%,d (+%,d)", mib(p.live), mib(p.live - p.baseline)),
        p.gcCount, p.gcMillis, p.cpuMicrosPerRow, p.callerCpuMicrosPerRow, load));
    line("      CPU µs/row by thread: " + p.threads);
    return p;
  }

  /** CPU time of every live Java thread, by id. */
  private static Map<Long, long[]> threadCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, long[]> cpu = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long t = mx.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, new long[] {t});
      }
    }
    return cpu;
  }

  /**
   * Where the phase's CPU went, µs per row by thread group (names with digits folded); "JVM" is the
   * rest of the process: GC, JIT and other native threads, and Java threads that ended during the phase.
   */
  private static String threadBreakdown(Map<Long, long[]> before, long processNanos, long rows) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new java.util.TreeMap<>();
    long javaTotal = 0;
    for (long id : mx.getAllThreadIds()) {
      long t = mx.getThreadCpuTime(id);
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      if (t < 0 || info == null) {
        continue;
      }
      long[] b = before.get(id);
      long used = t - (b == null ? 0 : b[0]);
      if (used > 0) {
        byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "N"), used, Long::sum);
        javaTotal += used;
      }
    }
    byGroup.put("JVM", Math.max(0, processNanos - javaTotal));
    StringBuilder sb = new StringBuilder();
    byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .filter(e -> e.getValue() / 1e3 / rows >= 0.01)
        .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format("%.2f", e.getValue() / 1e3 / rows)));
    return sb.toString();
  }

  private void summary(String name, List<Phase> phases) {
    double[] peakDelta = new double[phases.size()];
    double[] liveDelta = new double[phases.size()];
    long gcCount = 0;
    long gcMillis = 0;
    long maxPeak = 0;
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      peakDelta[i] = p.peak - p.baseline;
      liveDelta[i] = p.live == 0 ? 0 : p.live - p.baseline;
      gcCount += p.gcCount;
      gcMillis += p.gcMillis;
      maxPeak = Math.max(maxPeak, p.peak);
    }
    double[] rates = rates(phases);
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    line(String.format("%-16s median %,10.0f rows/s (min %,.0f, max %,.0f) | heap MiB: baseline %,d, max peak %,d, "
        + "max peak above baseline %,d, max live-after-GC above baseline %,d | GC %.1f per run, %.0f ms per run | "
        + "process CPU median %.2f µs/row (calling thread %.2f)", name, median(rates), sorted[0],
        sorted[sorted.length - 1], mib(phases.get(0).baseline), mib(maxPeak),
        mib((long) max(peakDelta)), mib((long) max(liveDelta)), (double) gcCount / phases.size(),
        (double) gcMillis / phases.size(), median(cpu(phases)), median(callerCpu(phases))));
  }

  static double[] rates(List<Phase> phases) {
    double[] r = new double[phases.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = phases.get(i).rate;
    }
    return r;
  }

  private static double[] cpu(List<Phase> phases) {
    double[] c = new double[phases.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = phases.get(i).cpuMicrosPerRow;
    }
    return c;
  }

  private static double[] callerCpu(List<Phase> phases) {
    double[] c = new double[phases.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = phases.get(i).callerCpuMicrosPerRow;
    }
    return c;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  static String percents(double[] ratios) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ratios.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format("%.1f%%", 100 * ratios[i]));
    }
    return sb.append(']').toString();
  }

  /** @return the heap pools' usage now */
  long heapUsed() {
    long used = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      used += pool.getUsage().getUsed();
    }
    return used;
  }

  private static long gcTotal(ToLongFunction<GarbageCollectorMXBean> f) {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, f.applyAsLong(gc));
    }
    return total;
  }

  private static String gcNames() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName());
    }
    return names.toString();
  }

  static long mib(long bytes) {
    return bytes >> 20;
  }

  /** Prints a line and keeps it for the result file. */
  void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  /** Appends every line so far, and a blank one, to {@code target/<file>}. */
  void write(String file) throws IOException {
    Path out = Path.of("target", file);
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.append('\n'), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
