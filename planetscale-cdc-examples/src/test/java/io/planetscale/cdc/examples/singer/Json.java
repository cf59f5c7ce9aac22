package io.planetscale.cdc.examples.singer;

import java.util.List;
import java.util.Map;

/** Short names over the shared {@link io.planetscale.cdc.examples.cli.Json} tree for these tests. */
final class Json {
  private Json() {}

  static Object parse(String text) {
    return io.planetscale.cdc.examples.cli.Json.parse("output", text);
  }

  static Map<String, Object> object(String text) {
    return map(parse(text));
  }

  static Map<String, Object> map(Object value) {
    return io.planetscale.cdc.examples.cli.Json.object("value", value);
  }

  static List<Object> list(Object value) {
    return io.planetscale.cdc.examples.cli.Json.array("value", value);
  }
}
