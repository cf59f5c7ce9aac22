package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tableSchema} against MariaDB for a table holding every type of the MySQL type matrix
 * ({@link MysqlColumnTypes}): the JSON schema of each column is both what the matrix says for the
 * column type MariaDB actually reports, and the type written out here by hand.
 */
@ExtendWith(MariaDbExtension.class)
class TypeMatrixTest {
  private static final String DB = "type_matrix";

  /** Column name, declared type, expected JSON type with tinyint-as-boolean on, expected format. */
  private static final String[][] COLUMNS = {
      {"c_tinyint", "tinyint", "integer", null},
      {"c_tinyint4", "tinyint(4)", "integer", null},
      {"c_tinyint_u", "tinyint unsigned", "integer", null},
      {"c_tinyint1", "tinyint(1)", "boolean", null},
      {"c_tinyint1_u", "tinyint(1) unsigned", "integer", null},
      {"c_bool", "bool", "boolean", null},
      {"c_smallint", "smallint", "integer", null},
      {"c_smallint6", "smallint(6)", "integer", null},
      {"c_smallint_uz", "smallint unsigned zerofill", "integer", null},
      {"c_mediumint", "mediumint", "integer", null},
      {"c_mediumint9", "mediumint(9) unsigned", "integer", null},
      {"c_int", "int", "integer", null},
      {"c_int11", "int(11)", "integer", null},
      {"c_int_u", "int unsigned", "integer", null},
      {"c_int_z", "int(8) zerofill", "integer", null},
      {"c_integer", "integer", "integer", null},
      {"c_bigint", "bigint", "integer", null},
      {"c_bigint20", "bigint(20)", "integer", null},
      {"c_bigint_u", "bigint unsigned", "integer", null},
      {"c_bigint_z", "bigint zerofill", "integer", null},
      {"c_decimal", "decimal(12,5)", "number", null},
      {"c_decimal_default", "decimal", "number", null},
      {"c_numeric", "numeric(5)", "number", null},
      {"c_float", "float", "number", null},
      {"c_float_md", "float(10,2)", "number", null},
      {"c_double", "double", "number", null},
      {"c_double_precision", "double precision", "number", null},
      {"c_real", "real", "number", null},
      {"c_bit1", "bit(1)", "boolean", null},
      {"c_bit8", "bit(8)", "integer", null},
      {"c_bit64", "bit(64)", "integer", null},
      {"c_date", "date", "string", "date"},
      {"c_datetime", "datetime", "string", "date-time"},
      {"c_datetime6", "datetime(6)", "string", "date-time"},
      {"c_timestamp", "timestamp NULL", "string", "date-time"},
      {"c_timestamp3", "timestamp(3) NULL", "string", "date-time"},
      {"c_time", "time", "string", null},
      {"c_time2", "time(2)", "string", null},
      {"c_year", "year", "integer", null},
      {"c_char", "char(3)", "string", null},
      {"c_varchar", "varchar(256)", "string", null},
      {"c_varchar_latin1", "varchar(10) character set latin1", "string", null},
      {"c_tinytext", "tinytext", "string", null},
      {"c_text", "text", "string", null},
      {"c_mediumtext", "mediumtext", "string", null},
      {"c_longtext", "longtext", "string", null},
      {"c_binary", "binary(16)", "string", null},
      {"c_varbinary", "varbinary(64)", "string", null},
      {"c_tinyblob", "tinyblob", "string", null},
      {"c_blob", "blob", "string", null},
      {"c_mediumblob", "mediumblob", "string", null},
      {"c_longblob", "longblob", "string", null},
      {"c_enum", "enum('hr','it','sales')", "string", null},
      {"c_set", "set('san francisco','new york')", "string", null},
      {"c_json", "json", "string", null},
      {"c_geometry", "geometry", "string", null},
      {"c_point", "point", "string", null},
      {"c_linestring", "linestring", "string", null},
      {"c_polygon", "polygon", "string", null},
      {"c_multipoint", "multipoint", "string", null},
      {"c_multilinestring", "multilinestring", "string", null},
      {"c_multipolygon", "multipolygon", "string", null},
      {"c_geometrycollection", "geometrycollection", "string", null},
  };

  private static MariaDbServer server;
  private static PlanetScaleSource source;
  private static JdbcMysqlAccess mysql;

  @BeforeAll
  static void createTable(MariaDbServer db) {
    server = db;
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + DB + ".every_type (id int NOT NULL PRIMARY KEY");
    for (int i = 0; i < COLUMNS.length; i++) {
      // Every other column NOT NULL, so both nullabilities are covered across the matrix.
      ddl.append(", ").append(COLUMNS[i][0]).append(' ').append(COLUMNS[i][1]).append(i % 2 == 0 ? "" : " NOT NULL");
    }
    ddl.append(')');
    server.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB, ddl.toString());
    source = server.source(DB);
    mysql = JdbcMysqlAccess.open(source);
  }

  @AfterAll
  static void close() {
    mysql.close();
  }

  @Test
  void everyColumnGetsTheMatrixSchemaOfTheTypeMariaDbReports() throws SQLException {
    Map<String, String[]> actual = actualColumnTypes();
    Map<String, StreamProperty> schema = mysql.tableSchema(source, "every_type", true);

    assertThat(schema.keySet()).containsExactlyElementsOf(actual.keySet());
    actual.forEach((column, typeAndNull) -> assertThat(schema.get(column)).as(column + " " + typeAndNull[0])
        .isEqualTo(MysqlColumnTypes.jsonSchema(typeAndNull[0], "YES".equals(typeAndNull[1]), true)));
  }

  @Test
  void everyColumnHasTheExpectedJsonTypeFormatAndNullability() {
    Map<String, StreamProperty> schema = mysql.tableSchema(source, "every_type", true);

    assertThat(schema.get("id")).isEqualTo(StreamProperty.of("integer"));
    for (int i = 0; i < COLUMNS.length; i++) {
      String[] c = COLUMNS[i];
      // TIMESTAMP NULL is nullable even in the NOT NULL half: its declaration says NULL.
      List<String> types = i % 2 == 0 ? List.of("null", c[2]) : List.of(c[2]);
      assertThat(schema.get(c[0])).as(c[0] + " " + c[1]).isEqualTo(new StreamProperty(types, c[3]));
    }
  }

  @Test
  void tinyInt1AndBoolAreIntegersWhenNotTreatedAsBoolean() {
    Map<String, StreamProperty> asBoolean = mysql.tableSchema(source, "every_type", true);
    Map<String, StreamProperty> asInteger = mysql.tableSchema(source, "every_type", false);

    List<String> changed = new ArrayList<>();
    asBoolean.forEach((column, p) -> {
      if (!p.equals(asInteger.get(column))) {
        changed.add(column);
      }
    });
    assertThat(changed).containsExactly("c_tinyint1", "c_bool");
    assertThat(asInteger.get("c_tinyint1").types()).containsExactly("integer");
    assertThat(asInteger.get("c_bool").types()).containsExactly("integer");
    assertThat(asBoolean.get("c_tinyint1").types()).containsExactly("boolean");
    // bit(1) holds only 0 and 1: boolean whatever the tinyint setting says.
    assertThat(asInteger.get("c_bit1").types()).containsExactly("null", "boolean");
  }

  @Test
  void columnsComeInOrdinalOrder() {
    List<String> expected = new ArrayList<>();
    expected.add("id");
    for (String[] c : COLUMNS) {
      expected.add(c[0]);
    }
    assertThat(mysql.tableSchema(source, "every_type", false).keySet()).containsExactlyElementsOf(expected);
  }

  private static Map<String, String[]> actualColumnTypes() throws SQLException {
    Map<String, String[]> types = new LinkedHashMap<>();
    try (Connection c = server.adminConnection();
        PreparedStatement ps = c.prepareStatement("SELECT column_name, column_type, is_nullable FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, DB);
      ps.setString(2, "every_type");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
    }
    return types;
  }
}
