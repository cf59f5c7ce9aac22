package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Conversion by type oid: the built-in table against the server's catalog, and user types loaded on demand. */
@EachPostgresVersion
class PgTypedValuesTest {
  @Parameter
  SharedPostgresServer postgres;

  @Test
  void theBuiltInOidsAreTheServersTypes() throws SQLException {
    PostgresSource source = TestDatabase.source(postgres.get(), "postgres").build();
    Map<Long, PgColumnType> builtIn = PgTypedValues.builtInTypes();
    try (Connection c = TestDatabase.connect(source)) {
      Map<Long, PgColumnType> fromCatalog = new PgTypeResolver().resolve(c, builtIn.keySet());

      assertThat(builtIn).hasSize(46).containsExactlyInAnyOrderEntriesOf(fromCatalog);
    }
  }

  @Test
  void vectorTypesAreTextNotArrays() throws SQLException {
    PostgresSource source = TestDatabase.source(postgres.get(), "postgres").build();
    PgTypedValues values = new PgTypedValues();
    try (Connection c = TestDatabase.connect(source)) {
      values.ensure(c, List.of(22L, 30L)); // int2vector, oidvector
    }

    assertThat(values.type(22).kind()).isEqualTo(PgValueKind.TEXT);
    assertThat(values.convert(30, "1 2 3")).isEqualTo("1 2 3");
  }

  @Test
  void userTypesAreLoadedWhenIntroducedAndUnknownOidsAreText() throws SQLException {
    PostgresSource source = TestDatabase.recreate(postgres.get(), "typed_values_test");
    TestDatabase.execute(source, "CREATE TYPE color AS ENUM ('red')",
        "CREATE DOMAIN cents AS int8 CHECK (VALUE >= 0)");
    PgTypedValues values = new PgTypedValues();
    List<Long> oids = new ArrayList<>();
    try (Connection c = TestDatabase.connect(source); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 'cents'::regtype::oid, '_cents'::regtype::oid,"
            + " 'color'::regtype::oid")) {
      rs.next();
      oids.add(rs.getLong(1));
      oids.add(rs.getLong(2));
      oids.add(rs.getLong(3));
      assertThat(values.convert(oids.get(0), "42")).isEqualTo("42"); // not loaded yet: text

      values.ensure(c, oids);
    }

    assertThat(values.convert(oids.get(0), "42")).isEqualTo(42L);
    assertThat(values.convert(oids.get(1), "{1,2}")).isEqualTo(List.of(1L, 2L));
    assertThat(values.convert(oids.get(2), "red")).isEqualTo("red");
    assertThat(values.convert(1184, "2024-01-01 00:00:00+01")).isEqualTo("2023-12-31T23:00:00Z");
    assertThat(values.convert(1007, "{1,NULL}")).isEqualTo(java.util.Arrays.asList(1L, null));
  }
}
