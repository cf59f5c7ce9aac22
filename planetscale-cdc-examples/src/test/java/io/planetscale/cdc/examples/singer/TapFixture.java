package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link FakePlanetScale} (keyspace {@code shop}, shards {@code -80} and {@code 80-}) with a
 * {@code customers} table, a {@code customer} table (to tell exact from substring exclusion) and an
 * {@code orders} table; a config file pointing at it; and runs of the tap in its own JVM.
 */
final class TapFixture implements AutoCloseable {
  static final String KEYSPACE = "shop";

  final FakePlanetScale fake;
  final Path dir;
  final Path config;

  TapFixture(Path dir) {
    this.dir = dir;
    this.fake = FakePlanetScale.builder().keyspace(KEYSPACE).shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("customers").column("id", "bigint").column("name", "varchar(40)")
        .column("active", "tinyint(1)").primaryKey("id").build());
    fake.createTable(TableSpec.builder("customer").column("id", "bigint").primaryKey("id").build());
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("total", "decimal(10,2)")
        .primaryKey("id").build());
    this.config = write("config.json", config(""));
  }

  /** The config JSON, with extra members (starting with a comma) before the closing brace. */
  String config(String extra) {
    return "{\"host\":\"" + fake.host() + "\",\"database\":\"" + KEYSPACE + "\",\"username\":\"fake-user\","
        + "\"password\":\"fake-password\",\"plaintext\":true" + extra + "}";
  }

  CliProcess.Result tap(String... args) {
    return CliProcess.run(SingerTap.class, dir, Map.of(), args);
  }

  Path write(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs discover with the given extra flags and saves the catalog as {@code catalog.json}. */
  Path discover(String... flags) {
    List<String> args = new ArrayList<>(List.of("--discover", "--config", config.toString()));
    args.addAll(List.of(flags));
    CliProcess.Result r = tap(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return write("catalog.json", r.stdout());
  }

  /** Runs a sync that must succeed, and parses its output. */
  Messages sync(String... args) {
    CliProcess.Result r = tap(args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return Messages.parse(r.stdout());
  }

  void insertCustomer(long id, String name, boolean active) {
    fake.insert("customers", Map.of("id", id, "name", name, "active", active ? 1 : 0));
  }

  @Override
  public void close() {
    fake.close();
  }
}
