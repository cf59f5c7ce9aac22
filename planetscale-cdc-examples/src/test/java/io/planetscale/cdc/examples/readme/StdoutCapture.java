package io.planetscale.cdc.examples.readme;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Replaces {@code System.out} until closed and keeps what is printed, line by line, so that a test
 * can wait for a line a snippet prints on another thread. Tests in this module run one at a time.
 */
final class StdoutCapture extends OutputStream implements AutoCloseable {
  private final PrintStream original;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();

  private StdoutCapture(PrintStream original) {
    this.original = original;
  }

  /** @return a capture that now receives {@code System.out} */
  static StdoutCapture start() {
    StdoutCapture capture = new StdoutCapture(System.out);
    System.setOut(new PrintStream(capture, true, StandardCharsets.UTF_8));
    return capture;
  }

  @Override
  public synchronized void write(int b) {
    // The snippets print ASCII; a byte is a character.
    if (b == '\n') {
      lines.add(partial.toString());
      partial.setLength(0);
      notifyAll();
    } else if (b != '\r') {
      partial.append((char) b);
    }
  }

  /** @return the complete lines printed so far */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * @param wanted the line to wait for
   * @param timeout how long to wait at most
   * @return true once a printed line matches, false if none does before the timeout
   * @throws InterruptedException if interrupted while waiting
   */
  synchronized boolean await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.stream().noneMatch(wanted)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Puts the original {@code System.out} back. */
  @Override
  public void close() {
    System.setOut(original);
  }
}
