package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.postgres.internal.pgoutput.InsertMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Seeded random values of the types with the most intricate text forms (text arrays with quoting, bytea,
 * timestamptz from any offset, unconstrained numeric, any float8 bit pattern, timestamp), inserted through
 * JDBC parameters and read back both from pgoutput and from a snapshot query in another TimeZone: both must
 * equal the value computed independently in Java. The seed is in the failure message.
 */
@EachPostgresVersion
class PgValuesRandomizedTest {
  private static final String SLOT = "random_values_slot";
  private static final int ROWS = 300;
  private static final long SEED = 0x5EED_2026L;
  private static final String[] PIECES = {"a", "Z", " ", ",", "\"", "\\", "{", "}", "'", "\u00e9", "\u2713",
      "NULL", "null", "\n", "\t", "x y", "[1:2]", "="};

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource source;

  @BeforeEach
  void createTableAndSlot() throws SQLException {
    source = TestDatabase.recreate(postgres.get(), "random_values_test");
    TestDatabase.execute(source,
        "CREATE TABLE r (id int PRIMARY KEY, ta text[], by bytea, tstz timestamptz, num numeric, f8 float8,"
            + " ts timestamp)",
        "CREATE PUBLICATION random_pub FOR TABLE r",
        "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
  }

  @AfterEach
  void dropSlot() throws SQLException {
    TestDatabase.dropSlotWhenInactive(postgres.get(), SLOT, Duration.ofSeconds(30));
  }

  @Test
  void streamAndSnapshotGiveTheExpectedValueForRandomInput() throws SQLException {
    Random random = new Random(SEED);
    List<List<Object>> expected = new ArrayList<>();
    try (Connection c = TestDatabase.connect(source);
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO r VALUES (?, ?, ?, ?::timestamptz, ?::numeric, ?::float8, ?::timestamp)")) {
      c.setAutoCommit(false);
      for (int id = 1; id <= ROWS; id++) {
        String[] texts = texts(random);
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        long epochSecond = randomLong(random, -62_135_596_800L, 253_402_300_799L - 86_400);
        int micros = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000);
        Instant instant = Instant.ofEpochSecond(epochSecond, micros * 1000L);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(28 * 4 + 1) - 56) * 15 * 60);
        BigDecimal number = new BigDecimal(new BigInteger(random.nextInt(100) + 1, random), random.nextInt(12))
            .multiply(random.nextBoolean() ? BigDecimal.ONE : BigDecimal.ONE.negate());
        double f8 = random.nextInt(10) == 0 ? specialDouble(random) : Double.longBitsToDouble(random.nextLong());
        LocalDateTime local = LocalDateTime.ofInstant(
            Instant.ofEpochSecond(randomLong(random, -62_135_596_800L, 253_402_300_799L), 0), ZoneOffset.UTC)
            .withNano(micros * 1000);

        insert.setInt(1, id);
        insert.setArray(2, texts == null ? null : c.createArrayOf("text", texts));
        insert.setBytes(3, bytes);
        insert.setString(4, OffsetDateTime.ofInstant(instant, offset).toString());
        insert.setString(5, number.toPlainString());
        insert.setString(6, Double.toString(f8));
        insert.setString(7, local.toString());
        insert.addBatch();
        expected.add(Arrays.asList((long) id, texts == null ? null : Arrays.asList(texts),
            Base64.getEncoder().encodeToString(bytes), utc(instant), number,
            Double.isNaN(f8) || Double.isInfinite(f8) ? null : f8, utc(local.toInstant(ZoneOffset.UTC))));
      }
      insert.executeBatch();
      c.commit();
    }

    List<List<Object>> snapshot = snapshot();
    List<List<Object>> stream = stream();

    for (int i = 0; i < ROWS; i++) {
      assertThat(stream.get(i)).as("stream row %d (seed %s)", i + 1, SEED).isEqualTo(expected.get(i));
      assertThat(snapshot.get(i)).as("snapshot row %d (seed %s)", i + 1, SEED).isEqualTo(expected.get(i));
    }
  }

  private static String[] texts(Random random) {
    if (random.nextInt(10) == 0) {
      return null;
    }
    String[] texts = new String[random.nextInt(5)];
    for (int i = 0; i < texts.length; i++) {
      if (random.nextInt(8) == 0) {
        continue; // a null element
      }
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(5); n > 0; n--) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      texts[i] = s.toString();
    }
    return texts;
  }

  private static double specialDouble(Random random) {
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0d, 0.0d,
        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL};
    return specials[random.nextInt(specials.length)];
  }

  private static long randomLong(Random random, long from, long to) {
    return from + (long) (random.nextDouble() * (to - from));
  }

  /** The SDK's UTC form: fraction digits as PostgreSQL prints them (trailing zeros dropped). */
  private static String utc(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    String fraction = "";
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      fraction = "." + String.format("%06d", micros).replaceAll("0+$", "");
    }
    return String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
        t.getHour(), t.getMinute(), t.getSecond(), fraction);
  }

  private List<List<Object>> snapshot() throws SQLException {
    try (Connection c = TestDatabase.connect(source); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'Asia/Kathmandu'"); // historic offsets with seconds (LMT +05:41:16)
      PgTable table = PostgresCatalog.tables(c, source, new PgTypeResolver()).get(0);
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT * FROM r ORDER BY id")) {
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 0; i < table.columns().size(); i++) {
            row.add(PgValues.fromResultSet(table.columns().get(i).type(), rs, i + 1));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private List<List<Object>> stream() throws SQLException {
    PgOutputRows captured = PgOutputRows.read(source, SLOT, "random_pub", ROWS, Duration.ofSeconds(60));
    PgTypedValues values = new PgTypedValues();
    List<List<Object>> rows = new ArrayList<>();
    for (InsertMessage insert : captured.inserts) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < captured.relation.columns().size(); i++) {
        row.add(PgValues.fromTuple(values.type(captured.relation.columns().get(i).typeOid()),
            insert.newTuple().get(i)));
      }
      rows.add(row);
    }
    return rows;
  }
}
