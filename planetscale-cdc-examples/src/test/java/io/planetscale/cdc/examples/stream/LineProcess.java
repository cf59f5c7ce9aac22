package io.planetscale.cdc.examples.stream;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A command line in its own JVM (like {@code CliProcess}, with the testkit's discovery provider)
 * whose stdout lines arrive in a queue as they are printed, so a test can react to output while the
 * process runs. Every wait has a deadline.
 */
final class LineProcess implements AutoCloseable {
  private static final String EOF = new String("<eof>");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final CompletableFuture<String> stderr;

  private LineProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readLines, "line-process-stdout");
    reader.setDaemon(true);
    reader.start();
    stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
  }

  static LineProcess start(Class<?> mainClass, Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dio.planetscale.cdc.mysqlAccessProvider=io.planetscale.cdc.testkit.FakeMysqlAccessProvider");
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile()).start();
      p.getOutputStream().close();
      return new LineProcess(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readLines() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended or was killed
    } finally {
      lines.add(EOF);
    }
  }

  private static String drain(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(bytes);
    } catch (IOException e) {
      bytes.writeBytes(("\n<stderr read failed: " + e + ">").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * @param timeout how long to wait
   * @return the next stdout line
   * @throws AssertionError if none arrives in time or stdout ended
   */
  String nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no output line within " + timeout + "; lines so far: " + seen);
    }
    if (line == EOF) {
      lines.add(EOF);
      throw new AssertionError("stdout ended; lines so far: " + seen + "; stderr: " + stderrIfDone());
    }
    seen.add(line);
    return line;
  }

  /**
   * @param timeout how long to wait for the exit
   * @return the exit code
   * @throws AssertionError if the process is still running after the timeout
   */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + "; lines so far: " + seen);
    }
    return process.exitValue();
  }

  /**
   * @param timeout how long to wait for stdout to end
   * @return the stdout lines not yet read with {@link #nextLine}, once stdout ended
   */
  List<String> remainingLines(Duration timeout) throws InterruptedException {
    List<String> rest = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("stdout did not end within " + timeout + "; lines: " + seen + rest);
      }
      if (line == EOF) {
        lines.add(EOF);
        seen.addAll(rest);
        return rest;
      }
      rest.add(line);
    }
  }

  /** @return stderr, once the process has ended (waits at most 10 s for it to be read) */
  String stderr() throws Exception {
    return stderr.get(10, TimeUnit.SECONDS);
  }

  private String stderrIfDone() {
    return stderr.getNow("(still running)");
  }

  /**
   * Asks the process to stop as Ctrl-C would: SIGTERM, so shutdown hooks run. Through its handle,
   * because {@code Process.destroy()} also closes the pipes, losing what the hooks print.
   */
  void interrupt() {
    process.toHandle().destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
