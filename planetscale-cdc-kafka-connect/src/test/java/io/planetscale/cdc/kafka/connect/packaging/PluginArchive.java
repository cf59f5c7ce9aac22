package io.planetscale.cdc.kafka.connect.packaging;

import io.planetscale.cdc.spi.MysqlAccessProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The plugin archive built by this module's package phase, and what {@link PluginArchiveIT} does with it. */
final class PluginArchive {
  /** The directory every entry of the archive sits under, named like the module. */
  static final String TOP = "planetscale-cdc-kafka-connect";
  static final String CONNECTOR = "io.planetscale.cdc.kafka.connect.PlanetScaleSourceConnector";
  /** Where the plugin jar relocates gRPC, protobuf, Guava and their friends. */
  static final String SHADED = "io/planetscale/cdc/kafka/connect/shaded/";

  private PluginArchive() {}

  /** @return the version the build stamped on the archive (set by the failsafe configuration) */
  static String version() {
    return property("planetscale.cdc.version");
  }

  /** @return the archive, target/planetscale-cdc-kafka-connect-VERSION-plugin.zip */
  static Path zip() {
    Path zip = Path.of(property("planetscale.cdc.pluginArchive"));
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException("no plugin archive at " + zip + ": run through `mvn verify` (package builds it)");
    }
    return zip;
  }

  /** @return the jar name of the connector inside lib/ */
  static String jarName() {
    return TOP + "-" + version() + ".jar";
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set: run this test through maven-failsafe");
    }
    return value;
  }

  /** @return every entry name of a zip or jar, in archive order */
  static List<String> entries(Path zip) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
        names.add(e.nextElement().getName());
      }
      return names;
    }
  }

  /** @return the named entries' contents (UTF-8) of a zip or jar; absent entries are left out */
  static Map<String, String> texts(Path zip, List<String> names) throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (String name : names) {
        ZipEntry entry = z.getEntry(name);
        if (entry != null) {
          try (InputStream in = z.getInputStream(entry)) {
            texts.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return texts;
  }

  /**
   * Class entries of a jar that still name one of {@code packages} (slash form, e.g. {@code io/grpc/}) in their
   * bytes — in slash or dot form — other than under the relocation prefix. The constant pool keeps class and
   * string constants as modified UTF-8, so a byte search finds every reference the relocation missed.
   *
   * @return entry name → the first unrelocated name found, for every class outside {@code skipPrefix}
   */
  static Map<String, String> unrelocatedReferences(Path jar, String skipPrefix, List<String> packages)
      throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.getName().endsWith(".class") || entry.getName().startsWith(skipPrefix)) {
          continue;
        }
        String bytes;
        try (InputStream in = z.getInputStream(entry)) {
          bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (String p : packages) {
          String dotted = p.replace('/', '.');
          // What is left once every relocated occurrence is blanked out.
          String rest = bytes.replace(SHADED + p, "#").replace(SHADED.replace('/', '.') + dotted, "#");
          if (rest.contains(p) || rest.contains(dotted)) {
            found.put(entry.getName(), p);
            break;
          }
        }
      }
    }
    return found;
  }

  /** Unzips {@code zip} into {@code into}, refusing entries that would land outside it. */
  static void unzip(Path zip, Path into) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("archive entry " + entry.getName() + " escapes the target directory");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = z.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
  }

  /**
   * Writes a jar with {@link StaticMysqlAccessProvider} (and its inner classes) and its ServiceLoader entry into
   * {@code libDir}, so that the plugin's class loader finds the test's discovery next to the connector.
   */
  static Path addDiscoveryProvider(Path libDir) throws IOException {
    Path classes;
    try {
      classes = Path.of(StaticMysqlAccessProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String dir = StaticMysqlAccessProvider.class.getPackageName().replace('.', '/');
    String simple = StaticMysqlAccessProvider.class.getSimpleName();
    List<Path> files;
    try (Stream<Path> list = Files.list(classes.resolve(dir))) {
      files = list.filter(f -> f.getFileName().toString().startsWith(simple)).sorted().toList();
    }
    Path jar = libDir.resolve("it-discovery.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      for (Path f : files) {
        j.putNextEntry(new JarEntry(dir + "/" + f.getFileName()));
        j.write(Files.readAllBytes(f));
        j.closeEntry();
      }
      j.putNextEntry(new JarEntry("META-INF/services/" + MysqlAccessProvider.class.getName()));
      j.write((StaticMysqlAccessProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }
}
