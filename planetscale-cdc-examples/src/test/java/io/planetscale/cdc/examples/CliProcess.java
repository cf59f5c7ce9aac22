package io.planetscale.cdc.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line in its own JVM, as a user would, with this test's classpath, and captures
 * its exit code, stdout and stderr. Discovery uses the testkit's provider, so the command discovers
 * the {@code FakePlanetScale} running in the test JVM through its port.
 */
public final class CliProcess {
  /** Exit code, stdout and stderr of a finished run. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** @return stdout split into lines */
    public List<String> lines() {
      return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
    }
  }

  private CliProcess() {}

  /**
   * @param mainClass the command's main class
   * @param workDir the working directory
   * @param env extra environment variables
   * @param args the arguments
   * @return the result
   */
  public static Result run(Class<?> mainClass, Path workDir, Map<String, String> env, String... args) {
    return run(mainClass, workDir, env, List.of(), args);
  }

  /**
   * @param mainClass the command's main class
   * @param workDir the working directory
   * @param env extra environment variables
   * @param jvmOptions extra options of the command's JVM, e.g. {@code -Dname=value}
   * @param args the arguments
   * @return the result
   */
  public static Result run(Class<?> mainClass, Path workDir, Map<String, String> env, List<String> jvmOptions,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dio.planetscale.cdc.mysqlAccessProvider=io.planetscale.cdc.testkit.FakeMysqlAccessProvider");
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(mainClass.getSimpleName() + " did not finish within 2 minutes; stderr: "
            + err.getNow(""));
      }
      return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
