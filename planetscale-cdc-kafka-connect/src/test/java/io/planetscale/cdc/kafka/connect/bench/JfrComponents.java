package io.planetscale.cdc.kafka.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the connector's time goes, from a JFR recording's CPU samples ({@code jdk.ExecutionSample}):
 * each sample is put in one component of the pipeline, and the summary gives each component's share
 * and its hottest methods by self time (top frame). A runner as well: {@code main} summarizes a file.
 *
 * <p>A sample's component: the in-process {@code FakePlanetScale} if any frame is the testkit's or
 * the gRPC server's, or the thread is one of the fake's; the in-process Kafka broker if any frame is
 * the broker's; else the first frame from the top that is not the JDK's ({@code java.*},
 * {@code jdk.*}, {@code sun.*}) decides, so a {@code HashMap.put} counts for the code that called it.
 */
public final class JfrComponents {
  static final String FAKE = "FakePlanetScale (in-process server)";
  static final String BROKER = "Kafka broker (in-process)";
  static final String CONVERTER = "connector: our task and converter (io.planetscale.cdc.kafka.connect)";
  static final String JSON = "Connect's JsonConverter (JSON serialization, Jackson)";
  static final String PRODUCER = "Kafka producer and client network";
  static final String CONSUMER = "Kafka consumers (the runner's counter, the worker's topics)";
  static final String WORKER = "Connect worker runtime";
  static final String READING = "SDK reading VStream (KeyspaceStream, gRPC, protobuf)";
  static final String OTHER = "other (JDK-only stacks, logging, ...)";

  /** Component of the first non-JDK frame, by class name prefix, in the order they are tried. */
  private static final Map<String, String> PREFIXES = new LinkedHashMap<>();

  static {
    PREFIXES.put("io.planetscale.cdc.kafka.connect.", CONVERTER);
    PREFIXES.put("org.apache.kafka.connect.json.", JSON);
    PREFIXES.put("com.fasterxml.jackson.", JSON);
    PREFIXES.put("org.apache.kafka.clients.consumer.", CONSUMER);
    PREFIXES.put("org.apache.kafka.clients.", PRODUCER);
    PREFIXES.put("org.apache.kafka.common.", PRODUCER);
    PREFIXES.put("org.apache.kafka.connect.", WORKER);
    PREFIXES.put("io.planetscale.cdc.", READING);
    PREFIXES.put("io.grpc.", READING);
    PREFIXES.put("com.google.protobuf.", READING);
    PREFIXES.put("okio.", READING);
    PREFIXES.put("io.perfmark.", READING);
  }

  private JfrComponents() {}

  /**
   * @param args a JFR recording and optionally how many methods to list per component (default 8)
   * @throws IOException if the recording cannot be read
   */
  public static void main(String[] args) throws IOException {
    summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 8, System.out::println);
  }

  /** Prints each component's share of the CPU samples and its {@code top} methods by self time. */
  static void summarize(Path recording, int top, Consumer<String> out) throws IOException {
    Map<String, Integer> byComponent = new HashMap<>();
    Map<String, Map<String, Integer>> selfByComponent = new HashMap<>();
    int total = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        total++;
        String component = component(threadName(e.getThread("sampledThread")), st.getFrames());
        byComponent.merge(component, 1, Integer::sum);
        selfByComponent.computeIfAbsent(component, k -> new HashMap<>()).merge(method(st.getFrames().get(0)), 1,
            Integer::sum);
      }
    }
    out.accept(String.format("where the time goes: %,d CPU samples of the connector phases (%s), by component:",
        total, recording));
    final int samples = Math.max(1, total);
    for (Map.Entry<String, Integer> c : sorted(byComponent)) {
      out.accept(String.format("%6.1f%%  %s", 100.0 * c.getValue() / samples, c.getKey()));
      for (Map.Entry<String, Integer> m : sorted(selfByComponent.get(c.getKey())).subList(0,
          Math.min(top, selfByComponent.get(c.getKey()).size()))) {
        out.accept(String.format("          %5.1f%%  %s", 100.0 * m.getValue() / samples, m.getKey()));
      }
    }
  }

  static String component(String thread, List<RecordedFrame> frames) {
    if (thread.startsWith("fake-planetscale-")) {
      return FAKE;
    }
    boolean broker = false;
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (type.startsWith("io.planetscale.cdc.testkit.") || type.startsWith("io.grpc.okhttp.OkHttpServer")) {
        return FAKE;
      }
      broker |= type.startsWith("kafka.") || type.startsWith("org.apache.kafka.server.")
          || type.startsWith("org.apache.kafka.storage.") || type.startsWith("org.apache.kafka.raft.")
          || type.startsWith("org.apache.kafka.controller.") || type.startsWith("org.apache.kafka.coordinator.")
          || type.startsWith("org.apache.kafka.metadata.") || type.startsWith("org.apache.kafka.image.")
          || type.startsWith("org.apache.kafka.network.");
    }
    if (broker) {
      return BROKER;
    }
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      for (Map.Entry<String, String> p : PREFIXES.entrySet()) {
        if (type.startsWith(p.getKey())) {
          return p.getValue();
        }
      }
      return OTHER;
    }
    return OTHER;
  }

  private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
    return entries;
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String threadName(RecordedThread t) {
    return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
  }
}
