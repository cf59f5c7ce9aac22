package io.planetscale.cdc.postgres.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the measurements of every run and prints the per-run lines and the summary of medians. */
final class BenchReport {
  private static final double MIB = 1024.0 * 1024.0;

  private final List<Measurement> measurements = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  /** Prints a line and keeps it for the results file. */
  void line(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    text.append(line).append('\n');
  }

  /** Records a measurement and prints it. */
  void add(int run, Measurement m) {
    measurements.add(m);
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "run %d %-8s %-22s %,10d rows %8.2f s %,10.0f rows/s", run, m.phase(), m.reader(), m.rows(),
        m.nanos() / 1e9, m.rowsPerSecond()));
    if (m.latency() != null) {
      s.append(String.format(Locale.ROOT, "  latency p50 %.2f ms p99 %.2f ms max %.2f ms (%,d rows)",
          m.latency().p50() / 1e6, m.latency().p99() / 1e6, m.latency().max() / 1e6, m.latency().count()));
    }
    s.append(String.format(Locale.ROOT, "  heap peak +%.0f MiB, most after a GC %s, retained %+.1f MiB",
        m.heap().peakBytes() / MIB, afterGc(List.of(m)), m.heap().retainedBytes() / MIB));
    line("%s", s);
  }

  /** Prints the medians over the runs, with the SDK's ratios to the limit and to Debezium. */
  void summary(int runs) {
    Map<String, Map<String, List<Measurement>>> byPhase = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byPhase.computeIfAbsent(m.phase(), k -> new LinkedHashMap<>())
          .computeIfAbsent(m.reader(), k -> new ArrayList<>()).add(m);
    }
    line("");
    line("Summary: medians of %d run(s)", runs);
    line("| phase | reader | rows | rows/s median (min–max) | SDK / this (sdk-values / this) "
        + "| heap pools' peak, MiB | most in use after a GC | retained after full GC, MiB |");
    line("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, Map<String, List<Measurement>>> phase : byPhase.entrySet()) {
      double sdk = medianRate(phase.getValue(), "sdk");
      double sdkValues = medianRate(phase.getValue(), "sdk-values");
      for (Map.Entry<String, List<Measurement>> reader : phase.getValue().entrySet()) {
        List<Measurement> ms = reader.getValue();
        double rate = median(ms, Measurement::rowsPerSecond);
        line("| %s | %s | %,d | %,.0f (%,.0f–%,.0f) | %s | +%.0f | %s | %+.1f |", phase.getKey(), reader.getKey(),
            ms.get(0).rows(), rate, min(ms, Measurement::rowsPerSecond), max(ms, Measurement::rowsPerSecond),
            phase.getKey().equals("latency") || reader.getKey().startsWith("sdk") ? ""
                : ratio(sdk, rate) + (Double.isNaN(sdkValues) ? "" : " (" + ratio(sdkValues, rate) + ")"),
            median(ms, m -> m.heap().peakBytes()) / MIB, afterGc(ms), median(ms, m -> m.heap().retainedBytes()) / MIB);
      }
    }
    Map<String, List<Measurement>> latency = byPhase.get("latency");
    if (latency != null) {
      line("");
      line("| live latency | p50 ms | p99 ms | max ms | rows recorded |");
      line("|---|---|---|---|---|");
      for (Map.Entry<String, List<Measurement>> reader : latency.entrySet()) {
        List<Measurement> ms = reader.getValue();
        line("| %s | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.1f | %,d |", reader.getKey(),
            median(ms, m -> m.latency().p50()) / 1e6, min(ms, m -> m.latency().p50()) / 1e6,
            max(ms, m -> m.latency().p50()) / 1e6, median(ms, m -> m.latency().p99()) / 1e6,
            min(ms, m -> m.latency().p99()) / 1e6, max(ms, m -> m.latency().p99()) / 1e6,
            median(ms, m -> m.latency().max()) / 1e6, ms.get(0).latency().count());
      }
    }
  }

  /** The most heap in use after a GC during the phase: the median over the runs in which a GC ran. */
  private static String afterGc(List<Measurement> ms) {
    List<Measurement> collected = ms.stream().filter(m -> m.heap().maxAfterGcBytes() != 0).toList();
    if (collected.isEmpty()) {
      return "no GC";
    }
    String value = String.format(Locale.ROOT, "%+.1f MiB", median(collected, m -> m.heap().maxAfterGcBytes()) / MIB);
    return collected.size() == ms.size() ? value : value + " (" + collected.size() + " of " + ms.size() + " runs)";
  }

  private static double medianRate(Map<String, List<Measurement>> readers, String reader) {
    return readers.containsKey(reader) ? median(readers.get(reader), Measurement::rowsPerSecond) : Double.NaN;
  }

  private static String ratio(double sdk, double other) {
    return Double.isNaN(sdk) ? "–" : String.format(Locale.ROOT, "%.2f×", sdk / other);
  }

  /** Appends everything printed to a file. */
  void append(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
    double[] values = ms.stream().mapToDouble(f).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static double min(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
    return Arrays.stream(ms.stream().mapToDouble(f).toArray()).min().orElse(Double.NaN);
  }

  private static double max(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
    return Arrays.stream(ms.stream().mapToDouble(f).toArray()).max().orElse(Double.NaN);
  }
}
