package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One lazily opened, shared connection: reuse, recovery after the server drops it, threads, close. */
@ExtendWith(MariaDbExtension.class)
class ConnectionLifecycleTest {
  private static final String DB = "lifecycle";
  private static MariaDbServer server;
  private static PlanetScaleSource source;

  @BeforeAll
  static void createTables(MariaDbServer db) {
    server = db;
    server.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".items (id bigint NOT NULL, sku varchar(16) NOT NULL, qty int, PRIMARY KEY (sku, id))");
    source = server.source(DB);
  }

  @Test
  void openConnectsLazilyAndCallsShareOneConnection() throws Exception {
    // The server's count of connections ever made; the admin connection reading it is made once, before.
    try (Connection admin = server.adminConnection(); JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source)) {
      long before = connectionsMade(admin);
      assertThat(connectionsMade(admin)).isEqualTo(before);

      mysql.ping(source);
      mysql.tableNames(source);
      mysql.tableSchema(source, "items", false);
      mysql.primaryKeys(source, "items");

      assertThat(connectionsMade(admin)).isEqualTo(before + 1);
    }
  }

  @Test
  void aConnectionTheServerKilledIsReplacedTransparently() throws Exception {
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source)) {
      assertThat(mysql.primaryKeys(source, "items")).containsExactly("sku", "id");
      killReaderConnections();

      assertThat(mysql.primaryKeys(source, "items")).containsExactly("sku", "id");
      mysql.ping(source);
    }
  }

  @Test
  void concurrentCallsFromManyThreadsAllSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source)) {
      List<Callable<Map<String, StreamProperty>>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(() -> {
          assertThat(mysql.primaryKeys(source, "items")).containsExactly("sku", "id");
          return mysql.tableSchema(source, "items", false);
        });
      }
      for (Future<Map<String, StreamProperty>> f : pool.invokeAll(calls)) {
        assertThat(f.get(30, TimeUnit.SECONDS)).containsOnlyKeys("id", "sku", "qty");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeReleasesTheConnectionAndLaterCallsFail() throws Exception {
    JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source);
    mysql.ping(source);
    assertThat(readerConnections()).isPositive();
    mysql.close();
    mysql.close(); // idempotent

    assertThatThrownBy(() -> mysql.tableNames(source))
        .isExactlyInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("closed");
    // The server drops the session asynchronously after the client's QUIT: poll, bounded.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (readerConnections() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(readerConnections()).isZero();
  }

  @Test
  void serviceLoaderFindsTheJdbcProvider() {
    Iterator<MysqlAccessProvider> providers = ServiceLoader.load(MysqlAccessProvider.class).iterator();

    assertThat(providers.hasNext()).isTrue();
    MysqlAccessProvider provider = providers.next();
    assertThat(provider).isInstanceOf(JdbcMysqlAccessProvider.class);
    try (MysqlAccess mysql = provider.open(source)) {
      assertThat(mysql).isInstanceOf(JdbcMysqlAccess.class);
      assertThat(mysql.tableNames(source)).containsExactly("items");
    }
  }

  @Test
  void toStringShowsNeitherPasswordNorSecretOptions() {
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source)) {
      assertThat(mysql.toString()).contains("127.0.0.1").contains(DB).doesNotContain(MariaDbServer.PASSWORD);
    }
  }

  private static long connectionsMade(Connection admin) throws Exception {
    try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Connections'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  /** Counts the reader's sessions on this class's database (other classes use other databases). */
  private static int readerConnections() throws Exception {
    try (Connection c = server.adminConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.processlist WHERE user = '"
            + MariaDbServer.USER + "' AND db = '" + DB + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void killReaderConnections() throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.processlist WHERE user = '"
          + MariaDbServer.USER + "' AND db = '" + DB + "'")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      assertThat(ids).isNotEmpty();
      for (long id : ids) {
        s.execute("KILL CONNECTION " + id);
      }
    }
  }
}
