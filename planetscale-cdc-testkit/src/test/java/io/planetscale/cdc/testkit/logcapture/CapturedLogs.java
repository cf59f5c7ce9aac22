package io.planetscale.cdc.testkit.logcapture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures, while open, every slf4j message (through {@link CapturingSlf4jProvider}) and every
 * java.util.logging record at every level (a handler on the root logger, whose level is lowered to
 * ALL for the duration): each as one line with the message formatted and the messages of its
 * throwable's cause chain. One capture at a time.
 */
public final class CapturedLogs implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static List<String> lines; // non-null while a capture is open

  private final Logger root = Logger.getLogger("");
  private final Level rootLevel;
  private final Handler handler;

  private CapturedLogs(Predicate<String> julLoggerFilter) {
    synchronized (LOCK) {
      if (lines != null) {
        throw new IllegalStateException("a capture is already open");
      }
      lines = new ArrayList<>();
    }
    SimpleFormatter formatter = new SimpleFormatter();
    handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLoggerName() == null || julLoggerFilter.test(r.getLoggerName())) {
          add("jul " + r.getLevel() + " " + r.getLoggerName() + ": " + formatter.formatMessage(r)
              + describe(r.getThrown()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(handler);
  }

  /**
   * Starts capturing.
   *
   * @param julLoggerFilter which java.util.logging loggers (by name) to keep
   * @return the capture; close it to stop
   */
  public static CapturedLogs start(Predicate<String> julLoggerFilter) {
    return new CapturedLogs(julLoggerFilter);
  }

  /** @return the lines captured so far */
  public List<String> lines() {
    synchronized (LOCK) {
      return lines == null ? List.of() : List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    root.setLevel(rootLevel);
    synchronized (LOCK) {
      lines = null;
    }
  }

  static boolean capturing() {
    synchronized (LOCK) {
      return lines != null;
    }
  }

  static void add(String line) {
    synchronized (LOCK) {
      if (lines != null) {
        lines.add(line);
      }
    }
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(" | ").append(c);
      for (Throwable s : c.getSuppressed()) {
        b.append(" | suppressed ").append(s);
      }
    }
    return b.toString();
  }
}
