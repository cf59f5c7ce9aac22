package io.planetscale.cdc.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user the PostgreSQL server runs as. {@code initdb} and {@code postgres} refuse to run
 * as root, and CI runs as root: then the server runs as {@code nobody} (through {@code runuser}) in directories
 * owned by {@code nobody}. Any other user runs the server itself.
 */
final class ServerUser {
  private static final String UNPRIVILEGED = "nobody";

  private final boolean root;

  private ServerUser(boolean root) {
    this.root = root;
  }

  /**
   * Looks at who this JVM runs as ({@code id -u}).
   *
   * @return the server user for this JVM
   * @throws IOException if {@code id} cannot be run
   */
  static ServerUser detect() throws IOException {
    ProcessResult id = run(List.of("id", "-u"), 10);
    if (id.exitCode() != 0) {
      throw new IOException("id -u failed: " + id.output());
    }
    return new ServerUser(id.output().strip().equals("0"));
  }

  /**
   * Whether the server runs as {@code nobody} because this JVM is root.
   *
   * @return true under root
   */
  boolean unprivileged() {
    return root;
  }

  /**
   * Where the server's files go: a directory in the JVM's temporary directory, or under root a directory in
   * {@code /tmp} open to others, because {@code nobody} must reach the server's programs and data and the
   * build directory may lie under a private one (a clone in {@code /root}, a {@code mktemp -d} directory).
   *
   * @return the directory, created if needed
   * @throws IOException if it cannot be created
   */
  Path workArea() throws IOException {
    if (!root) {
      // Per user: another user's directory of the same name would not be writable.
      Path area = Path.of(System.getProperty("java.io.tmpdir"), "planetscale-cdc-postgres-"
          + System.getProperty("user.name")).toAbsolutePath();
      Files.createDirectories(area);
      return area;
    }
    Path area = Path.of("/tmp", "planetscale-cdc-postgres");
    Files.createDirectories(area);
    Files.setPosixFilePermissions(area, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return area;
  }

  /**
   * Creates a directory the server may write to.
   *
   * @param dir the directory (its parent must exist)
   * @throws IOException if it cannot be created or handed over
   */
  void createOwnedDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (root) {
      UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED);
      Files.setOwner(dir, nobody);
      // The server needs to reach the directory: every ancestor must be searchable by others.
      ProcessResult probe = run(List.of("runuser", "-u", UNPRIVILEGED, "--", "test", "-w", dir.toString()), 10);
      if (probe.exitCode() != 0) {
        throw new IOException("running as root, the PostgreSQL server runs as '" + UNPRIVILEGED + "', who cannot "
            + "write to " + dir + ": make its parent directories searchable by others (chmod o+x)");
      }
    }
  }

  /**
   * Runs a server program as the server user and waits for it.
   *
   * @param command the program and its arguments
   * @param timeoutSeconds how long it may take
   * @return its exit code and output
   * @throws IOException if it cannot be started or does not finish in time
   */
  ProcessResult runAsServer(List<String> command, long timeoutSeconds) throws IOException {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", UNPRIVILEGED, "--"));
    }
    full.addAll(command);
    return run(full, timeoutSeconds);
  }

  private static ProcessResult run(List<String> command, long timeoutSeconds) throws IOException {
    // Output goes to a file, not a pipe: pg_ctl leaves a daemon behind that must not hold our pipe open.
    Path output = Files.createTempFile("postgres-command", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
      boolean finished;
      try {
        finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running " + command, e);
      }
      if (!finished) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish in " + timeoutSeconds + " s: "
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new ProcessResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }

  /**
   * How a command ended.
   *
   * @param exitCode its exit code
   * @param output its standard output and error
   */
  record ProcessResult(int exitCode, String output) {}
}
