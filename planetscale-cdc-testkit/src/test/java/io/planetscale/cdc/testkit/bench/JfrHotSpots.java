package io.planetscale.cdc.testkit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of {@link SyncThroughput} (a runner, not a test): CPU samples per thread,
 * the hottest methods by self time (top frame) and by inclusive time (anywhere on the stack), for all
 * threads and for the threads matching a name filter; and allocation ({@code jdk.ObjectAllocationSample},
 * weighted) by allocated class and by allocation site (the first frame outside the JDK and protobuf
 * runtime, and the top frame).
 *
 * <pre>
 * java -cp planetscale-cdc-testkit/target/test-classes io.planetscale.cdc.testkit.bench.JfrHotSpots \
 *     target/sync.jfr [thread-name-substring] [top]
 * </pre>
 */
public final class JfrHotSpots {
  private JfrHotSpots() {}

  /**
   * @param args the recording, an optional thread name filter (default {@code main}) and how many
   *     entries to list (default 30)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String threadFilter = args.length > 1 ? args[1] : "main";
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    List<RecordedEvent> samples = new ArrayList<>();
    List<RecordedEvent> allocations = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        samples.add(e);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        allocations.add(e);
      }
    }
    // A thread's first allocation sample weighs everything it allocated since it started (or since
    // the recording started), not what it allocated at that site: leave those out, and JFR's own.
    allocations.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
    Set<Long> threadsSeen = new HashSet<>();
    allocations.removeIf(e -> {
      RecordedThread t = e.getThread("eventThread");
      boolean first = t != null && threadsSeen.add(t.getId());
      RecordedStackTrace st = e.getStackTrace();
      boolean jfr = st != null && st.getFrames().stream()
          .anyMatch(f -> f.getMethod().getType().getName().startsWith("jdk.jfr."));
      return first || jfr;
    });
    Map<String, Double> byThread = new HashMap<>();
    for (RecordedEvent e : samples) {
      byThread.merge(threadGroup(e.getThread("sampledThread")), 1.0, Double::sum);
    }
    System.out.printf("%,d CPU samples; by thread (names with digits folded):%n", samples.size());
    print(byThread, samples.size(), top);

    Predicate<RecordedEvent> matching = e -> threadName(e.getThread("sampledThread")).contains(threadFilter);
    for (boolean filtered : new boolean[] {false, true}) {
      Map<String, Double> self = new HashMap<>();
      Map<String, Double> inclusive = new HashMap<>();
      int n = 0;
      for (RecordedEvent e : samples) {
        if (filtered && !matching.test(e)) {
          continue;
        }
        n++;
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        self.merge(method(st.getFrames().get(0)), 1.0, Double::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : st.getFrames()) {
          String m = method(f);
          if (seen.add(m)) {
            inclusive.merge(m, 1.0, Double::sum);
          }
        }
      }
      String scope = filtered ? "threads named *" + threadFilter + "*" : "all threads";
      System.out.printf("%n== self time (top frame), %s: %,d samples%n", scope, n);
      print(self, n, top);
      System.out.printf("%n== inclusive time, %s: %,d samples%n", scope, n);
      print(inclusive, n, top);
    }

    for (boolean filtered : new boolean[] {false, true}) {
      Map<String, Double> byClass = new HashMap<>();
      Map<String, Double> bySite = new HashMap<>();
      Map<String, Double> byTop = new HashMap<>();
      double total = 0;
      for (RecordedEvent e : allocations) {
        if (filtered && !threadName(e.getThread("eventThread")).contains(threadFilter)) {
          continue;
        }
        double w = e.getLong("weight");
        total += w;
        byClass.merge(e.getClass("objectClass").getName(), w, Double::sum);
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        byTop.merge(method(st.getFrames().get(0)), w, Double::sum);
        bySite.merge(site(st.getFrames()), w, Double::sum);
      }
      String scope = filtered ? "threads named *" + threadFilter + "*" : "all threads";
      System.out.printf("%n== allocation by class, %s: %,.0f MiB sampled-weight%n", scope, total / 1048576);
      print(byClass, total, top);
      System.out.printf("%n== allocation by site (first frame outside java.*, jdk.*, sun.*, com.google.protobuf.*), "
          + "%s%n", scope);
      print(bySite, total, top);
      System.out.printf("%n== allocation by top frame, %s%n", scope);
      print(byTop, total, top);
    }
  }

  private static String site(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
          || type.startsWith("com.google.protobuf."))) {
        return method(f) + ":" + f.getLineNumber();
      }
    }
    return method(frames.get(0));
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String threadName(RecordedThread t) {
    return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
  }

  private static String threadGroup(RecordedThread t) {
    return threadName(t).replaceAll("[0-9]+", "N");
  }

  private static void print(Map<String, Double> counts, double total, int top) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    for (int i = 0; i < Math.min(top, entries.size()); i++) {
      Map.Entry<String, Double> e = entries.get(i);
      System.out.printf("%6.1f%%  %s%n", 100 * e.getValue() / total, e.getKey());
    }
  }
}
