package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, measured: one row per bad config, catalog, state, cursor, starting GTID or position.
 * Each row names the input, the exception type it must raise (exactly that type), and the words its
 * message must contain: the field, stream, shard or position that is wrong. Rows marked
 * "regression" failed before the fix that came with this table.
 */
class BadInputTest {

  /** One row: what is given, the exception expected, what its message names, what it must not show. */
  record Case(String name, ThrowingSupplier<?> input, Class<? extends Throwable> expected, List<String> names,
      List<String> hides) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case config(String name, String json, String... names) {
    return new Case("config: " + name, () -> PlanetScaleSource.fromJson(json), ConfigurationException.class,
        List.of(names), List.of());
  }

  private static Case catalog(String name, String json, String... names) {
    return new Case("catalog: " + name, () -> Catalog.fromJson(json), ConfigurationException.class, List.of(names),
        List.of());
  }

  private static Case state(String name, String json, String... names) {
    return new Case("state: " + name, () -> State.fromJson(json), ConfigurationException.class, List.of(names),
        List.of());
  }

  private static Case cursor(String name, String base64, String... names) {
    return new Case("cursor: " + name, () -> new SerializedCursor(base64).toTableCursor("orders", "-80"),
        ConfigurationException.class, List.of(names), List.of());
  }

  private static Case gtid(String name, String position, String... names) {
    return new Case("gtid: " + name, () -> GtidSet.parse(position), IllegalArgumentException.class, List.of(names),
        List.of());
  }

  private static Case api(String name, ThrowingSupplier<?> input, String... names) {
    return new Case(name, input, ConfigurationException.class, List.of(names), List.of());
  }

  /** A config of host {@code h} and database {@code d} with more members. */
  private static String hd(String members) {
    return "{\"host\":\"h\",\"database\":\"d\"," + members + "}";
  }

  private static final String U = "e4e20f06-e28f-11ec-8d20-8e7ac09cb64c";
  private static final String SECRET = "hunter2-secret-pw";

  static Stream<Case> cases() {
    return Stream.of(
        // PlanetScaleSource JSON
        config("not JSON", "host=h", "config: invalid JSON at line 1, column 1"),
        config("empty text", "", "config: invalid JSON: the input is empty"),
        config("an array", "[]", "config: expected an object, got an array"),
        config("host missing", "{\"database\":\"d\"}", "config: host: is required"),
        config("database blank", "{\"host\":\"h\",\"database\":\"  \"}", "config: database: is required"),
        config("host a number", "{\"host\":5,\"database\":\"d\"}", "config: host: expected a string, got 5"),
        config("timeout_seconds zero", hd("\"timeout_seconds\":0"), "timeout_seconds must be positive, was 0"),
        config("timeout_seconds text", hd("\"timeout_seconds\":\"soon\""),
            "config: timeout_seconds: expected an integer, got \"soon\""),
        config("timeout_seconds a fraction", hd("\"timeout_seconds\":1.5"), "timeout_seconds: expected an integer"),
        config("max_retries negative", hd("\"max_retries\":-1"), "max_retries must be >= 0, was -1"),
        config("max_retries beyond int", hd("\"max_retries\":3000000000"), "max_retries: expected an integer"),
        config("port out of range", hd("\"port\":70000"), "port must be between 1 and 65535", "70000"),
        config("use_replica not a boolean", hd("\"use_replica\":\"yes\""),
            "config: use_replica: expected a boolean, got \"yes\""),
        config("options an array", hd("\"options\":[]"), "config: options: expected an object, got an array"),
        config("shards with a number", hd("\"shards\":[\"-80\",8]"), "config: shards[1]: expected a string, got 8"),
        config("regression: shards with a comma in an array entry", hd("\"shards\":[\"-80,80-\"]"), "shards:", "\"-80,80-\""),
        config("regression: exponent too large", hd("\"timeout_seconds\":1e99999999999"),
            "config: invalid JSON at line 1, column 46: number out of range"),
        config("regression: host port not a number", "{\"host\":\"h:abc\",\"database\":\"d\"}",
            "host: the port in \"h:abc\" is not a number"),
        config("regression: host port out of range", "{\"host\":\"h:70000\",\"database\":\"d\"}",
            "host: the port in \"h:70000\" must be between 1 and 65535"),
        config("regression: host port negative", "{\"host\":\"h:-5\",\"database\":\"d\"}",
            "host: the port in \"h:-5\" is not a number"),
        config("10,000 nested arrays", "[".repeat(10_000), "config: invalid JSON", "nesting depth"),
        new Case("config: the password in a wrong field is not shown",
            () -> PlanetScaleSource.fromJson(hd("\"use_rdonly\":\"" + SECRET + "\",\"password\":\"" + SECRET + "\"")),
            ConfigurationException.class, List.of("config: use_rdonly: expected a boolean, got a string"),
            List.of(SECRET)),
        new Case("config: a broken password token is not shown",
            () -> PlanetScaleSource.fromJson(hd("\"password\":" + SECRET)), ConfigurationException.class,
            List.of("config: invalid JSON at line 1, column 39", "token '<redacted>'"), List.of(SECRET)),
        // PlanetScaleSource builder
        api("builder: no host", () -> PlanetScaleSource.builder().database("d").build(), "host is required"),
        api("builder: shard with spaces", () -> PlanetScaleSource.builder().host("h").database("d").shards(" -80").build(),
            "shards:", "\" -80\""),
        api("builder: regression: null shard", () -> PlanetScaleSource.builder().host("h").database("d")
            .shards(java.util.Arrays.asList("-80", null)).build(), "shards:", "got null"),
        api("builder: regression: shard with a comma", () -> PlanetScaleSource.builder().host("h").database("d")
            .shards("-80,80-").build(), "shards:", "\"-80,80-\""),
        api("builder: regression: null shard map in starting GTIDs", () -> PlanetScaleSource.builder().host("h")
            .database("d").startingGtids(nullValue("ks")).build(), "starting_gtids: keyspace \"ks\" has null"),
        api("builder: negative timeout", () -> PlanetScaleSource.builder().host("h").database("d").timeoutSeconds(-5)
            .build(), "timeout_seconds must be positive, was -5"),
        // starting GTIDs
        config("starting_gtids string not JSON", hd("\"starting_gtids\":\"{ks:1}\""),
            "config: starting_gtids: cannot parse starting gtids: invalid JSON at line 1, column 2"),
        config("starting_gtids keyspace not an object", hd("\"starting_gtids\":{\"ks\":\"x\"}"),
            "config: starting_gtids.ks: expected an object, got \"x\""),
        config("starting_gtids position a number", hd("\"starting_gtids\":\"{\\\"ks\\\":{\\\"-80\\\":5}}\""),
            "config: starting_gtids: cannot parse starting gtids: ks[\"-80\"]: expected a string, got 5"),
        config("starting_gtids position null", hd("\"starting_gtids\":{\"ks\":{\"-80\":null}}"),
            "config: starting_gtids.ks[\"-80\"]: missing, expected a string"),
        config("starting_gtids a number", hd("\"starting_gtids\":7"),
            "config: starting_gtids: expected a JSON string or an object"),
        api("starting shard the keyspace lacks", () -> PlanetScaleSource.builder().host("h").database("ks")
            .shards("-40").startingGtids(Map.of("ks", Map.of("-40", "MySQL56/" + U + ":1-5"))).build()
            .initialState("ks", List.of("-80", "80-")), "shards: shard \"-40\" does not exist", "[-80, 80-]"),
        // Catalog JSON
        catalog("not JSON", "{\"streams\":[", "catalog: invalid JSON at line 1, column 13"),
        catalog("streams an object", "{\"streams\":{}}", "catalog: streams: expected an array, got an object"),
        catalog("stream without a name", "{\"streams\":[{}]}", "catalog: streams[0].stream: missing, expected a string"),
        catalog("stream name empty", "{\"streams\":[{\"stream\":\"\"}]}",
            "catalog: streams[0].stream: the stream name is empty"),
        catalog("selected not a boolean", "{\"streams\":[{\"stream\":\"orders\",\"metadata\":[{\"metadata\":"
            + "{\"selected\":\"yes\",\"breadcrumb\":[]}}]}]}",
            "catalog: streams[0].metadata[0].metadata.selected: expected a boolean, got \"yes\""),
        catalog("key property a number", "{\"streams\":[{\"stream\":\"orders\",\"key_properties\":[\"id\",1]}]}",
            "catalog: streams[0].key_properties[1]: expected a string, got 1"),
        catalog("property not an object", "{\"streams\":[{\"stream\":\"orders\",\"schema\":{\"properties\":"
            + "{\"id\":\"integer\"}}}]}", "catalog: streams[0].schema.properties.id: expected an object"),
        catalog("content after the document", "{\"streams\":[]} []",
            "catalog: invalid JSON at line 1, column 16: unexpected content after the end of the document"),
        api("catalog: stream without table metadata",
            () -> Catalog.fromJson("{\"streams\":[{\"stream\":\"orders\"}]}").streams().get(0).tableMetadata(),
            "stream \"orders\": unable to find table metadata"),
        // State JSON
        state("not JSON", "{\"bookmarks\":", "state: invalid JSON at line 1, column 14"),
        state("bookmarks an array", "{\"bookmarks\":[]}", "state: bookmarks: expected an object, got an array"),
        state("stream a string", "{\"bookmarks\":{\"orders\":\"x\"}}",
            "state: bookmarks.orders: expected an object, got \"x\""),
        state("shard entry a string", "{\"bookmarks\":{\"orders\":{\"shards\":{\"-80\":\"CgMtODA=\"}}}}",
            "stream \"orders\", shard \"-80\": expected an object {\"cursor\":\"...\"}"),
        state("cursor missing", "{\"bookmarks\":{\"orders\":{\"shards\":{\"-80\":{}}}}}",
            "stream \"orders\", shard \"-80\": the cursor is missing"),
        state("cursor a number", "{\"bookmarks\":{\"orders\":{\"shards\":{\"-80\":{\"cursor\":5}}}}}",
            "stream \"orders\", shard \"-80\": expected the cursor as a string, got 5"),
        state("wrapped value a string", "{\"type\":\"STATE\",\"value\":\"x\"}", "state: value: expected an object"),
        state("10,000 nested objects", "{\"a\":".repeat(10_000), "state: invalid JSON", "nesting depth"),
        state("regression: exponent too large", "{\"bookmarks\":{},\"x\":-1E2147483649}",
            "state: invalid JSON at line 1, column 21: number out of range"),
        // Cursors: Base64 text and protobuf bytes
        cursor("not Base64", "not base64!", "stream \"orders\" shard \"-80\": unable to decode table cursor"),
        cursor("URL-safe Base64", "_-_-", "stream \"orders\" shard \"-80\": unable to decode table cursor"),
        cursor("truncated message", "CgMtOD", "stream \"orders\" shard \"-80\": unable to deserialize table cursor"),
        cursor("shard not UTF-8", base64(bytes(0x0a, 0x02, 0xff, 0xfe)),
            "stream \"orders\" shard \"-80\": unable to deserialize table cursor"),
        cursor("unknown column type", base64(withPk(message(out -> out.writeByteArray(1, message(f -> {
          f.writeString(1, "id");
          f.writeEnum(2, 12345);
        }))))), "unable to deserialize table cursor", "field \"id\"", "unknown Vitess query.Type 12345"),
        cursor("more values than columns", base64(withPk(message(out -> {
          out.writeByteArray(1, message(f -> f.writeString(1, "id")));
          out.writeByteArray(4, CursorWire.encodeRow(new long[] {1, 1}, "12".getBytes(StandardCharsets.UTF_8)));
        }))), "unable to deserialize table cursor", "row has 2 values but only 1 fields"),
        cursor("value past the end of the row", base64(withPk(message(out -> {
          out.writeByteArray(1, message(f -> f.writeString(1, "id")));
          out.writeByteArray(4, CursorWire.encodeRow(new long[] {5}, "1".getBytes(StandardCharsets.UTF_8)));
        }))), "unable to deserialize table cursor", "row value 0 has length 5"),
        // GTID positions (documented: IllegalArgumentException quoting the position)
        gtid("another flavor", "MariaDB/0-1-2", "Invalid GTID position \"MariaDB/0-1-2\"", "unsupported flavor \"MariaDB\""),
        gtid("uuid too short", "MySQL56/e4e20f06:1-5", "uuid \"e4e20f06\" is not 36 characters"),
        gtid("interval from 0", "MySQL56/" + U + ":0-5", "interval \"0-5\" must start at 1 or more"),
        gtid("interval beyond 2^63-1", U + ":1-9223372036854775808", "interval number \"9223372036854775808\" is too large"),
        gtid("no interval", "MySQL56/" + U, "\"" + U + "\" is not uuid:interval"),
        gtid("interval not a number", U + ":1-x", "interval number \"x\" is not a decimal"),
        gtid("empty interval", U + ":1:", "empty interval number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsATypedErrorNamingWhatIsWrong(Case c) {
    Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchThrowable(() -> c.input().get()));
    assertThat(thrown).as(c.name()).isExactlyInstanceOf(c.expected());
    assertThat(thrown.getMessage()).as(c.name()).contains(c.names());
    for (String hidden : c.hides()) {
      assertThat(thrown.getMessage()).as(c.name()).doesNotContain(hidden);
    }
  }

  private static Map<String, Map<String, String>> nullValue(String keyspace) {
    Map<String, Map<String, String>> gtids = new HashMap<>();
    gtids.put(keyspace, null);
    return gtids;
  }

  private interface Body {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  /** Protobuf bytes written by hand, to make messages the encoder never would. */
  private static byte[] message(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      body.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A TableCursor of shard {@code -80} whose last_known_pk is the given QueryResult bytes. */
  private static byte[] withPk(byte[] queryResult) {
    return message(out -> {
      out.writeString(1, "-80");
      out.writeByteArray(4, queryResult);
    });
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
