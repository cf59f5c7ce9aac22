package io.planetscale.cdc.examples.stream;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stream so that Ctrl-C (or any JVM shutdown) stops it cleanly: a shutdown hook closes the
 * stream and waits, at most 10 s, for the run to return and print where it stopped; the hook is
 * removed once the run is over. Shared by both modes of {@code bin/change-stream}.
 */
final class StopOnShutdown {
  /** What runs the stream and reports where it stopped. */
  @FunctionalInterface
  interface Body {
    void run();
  }

  private StopOnShutdown() {}

  /**
   * @param stream closed by the hook, and again (harmlessly) when {@code body} is over
   * @param body runs the stream
   */
  static void run(AutoCloseable stream, Body body) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      close(stream);
      try {
        finished.await(10, TimeUnit.SECONDS); // let the run return and print its last lines
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "change-stream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      body.run();
    } finally {
      close(stream);
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends now that finished is counted down
      }
    }
  }

  /** A runnable that prints {@code line} the first time it runs (the status, once the stream delivers). */
  static Runnable once(java.io.PrintStream err, String line) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        err.println(line);
      }
    };
  }

  private static void close(AutoCloseable stream) {
    try {
      stream.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the stream failed: " + e, e);
    }
  }
}
