package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The server is the oracle: each interval printed in the {@code postgres} style and rewritten must equal the
 * same interval printed in the {@code iso_8601} style, for hand-picked edge cases and seeded random intervals.
 */
@EachPostgresVersion
class PgIntervalTextTest {
  private static final long SEED = 20261201L;
  private static final List<String> EDGE_CASES = List.of("0", "1 year", "-1 year", "2 years", "1 year -1 mon",
      "-1 mons", "1 day", "-1 days +02:03:00", "1 day -00:00:01", "100 hours", "-00:00:00.5", "1.5 seconds",
      "00:00:00.000001", "-1 year -2 mons +3 days -04:05:06.789", "178000000 years", "-2147483648 days",
      "1 mon 1 day 00:00:01", "2 years 1 day", "-00:00:10", "12:00:00", "1 year 2 mons 3 days 04:05:06.7",
      "2562047788 hours", "-2562047788:00:54.775807");

  @Parameter
  SharedPostgresServer postgres;

  @Test
  void postgresStyleRewritesToTheServersIsoStyle() throws SQLException {
    List<String> literals = new ArrayList<>(EDGE_CASES);
    Random random = new Random(SEED);
    for (int i = 0; i < 500; i++) {
      literals.add(signed(random, 30) + " years " + signed(random, 30) + " mons " + signed(random, 400) + " days "
          + signed(random, 100) + " hours " + signed(random, 59) + " minutes " + signed(random, 59) + "."
          + random.nextInt(1_000_000) + " seconds");
    }
    PostgresSource source = TestDatabase.source(postgres.get(), "postgres").build();
    try (Connection c = TestDatabase.connect(source)) {
      List<String> postgresStyle = print(c, "postgres", literals);
      List<String> isoStyle = print(c, "iso_8601", literals);

      for (int i = 0; i < literals.size(); i++) {
        assertThat(PgIntervalText.toIso(postgresStyle.get(i)))
            .as("%s printed as %s (seed %s)", literals.get(i), postgresStyle.get(i), SEED).isEqualTo(isoStyle.get(i));
        assertThat(PgIntervalText.toIso(isoStyle.get(i))).isEqualTo(isoStyle.get(i));
      }
    }
  }

  @Test
  void otherStylesAreKeptAsTheyAre() {
    assertThat(PgIntervalText.toIso("@ 1 year 2 mons")).isEqualTo("@ 1 year 2 mons");
    assertThat(PgIntervalText.toIso("+1-2 +3 +4:05:06")).isEqualTo("+1-2 +3 +4:05:06");
    assertThat(PgIntervalText.toIso("1-2")).isEqualTo("1-2");
    assertThat(PgIntervalText.toIso("3 fortnights")).isEqualTo("3 fortnights");
  }

  private static String signed(Random random, int bound) {
    return (random.nextInt(3) == 0 ? "-" : "") + random.nextInt(bound + 1);
  }

  private static List<String> print(Connection c, String style, List<String> literals) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET IntervalStyle = " + style);
    }
    List<String> printed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT x::interval::text FROM unnest(?::text[]) WITH ORDINALITY AS t(x, o) ORDER BY o")) {
      ps.setArray(1, c.createArrayOf("text", literals.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          printed.add(rs.getString(1));
        }
      }
    }
    return printed;
  }
}
