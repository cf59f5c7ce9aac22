package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Singer messages of one sync's stdout, parsed line by line. */
record Messages(List<String> raw, List<Map<String, Object>> all) {

  static Messages parse(String stdout) {
    List<String> raw = new ArrayList<>();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isEmpty()) {
        Map<String, Object> m = Json.object(line);
        assertThat(m.get("type")).as(line).isIn("SCHEMA", "RECORD", "STATE");
        raw.add(line);
        lines.add(m);
      }
    }
    return new Messages(raw, lines);
  }

  List<Map<String, Object>> ofType(String type) {
    return all.stream().filter(m -> type.equals(m.get("type"))).toList();
  }

  List<Map<String, Object>> schemas() {
    return ofType("SCHEMA");
  }

  List<Map<String, Object>> records() {
    return ofType("RECORD");
  }

  /** The {@code record} objects of the RECORD messages. */
  List<Map<String, Object>> data() {
    return records().stream().map(m -> Json.map(m.get("record"))).toList();
  }

  List<Map<String, Object>> states() {
    return ofType("STATE");
  }

  /** The {@code value} of the last STATE ({@code {"bookmarks":...}}). */
  Map<String, Object> lastState() {
    List<Map<String, Object>> s = states();
    assertThat(s).isNotEmpty();
    return Json.map(s.get(s.size() - 1).get("value"));
  }

  /** The last STATE line, as it was printed (the wrapped Singer form). */
  String lastStateLine() {
    for (int i = all.size() - 1; i >= 0; i--) {
      if ("STATE".equals(all.get(i).get("type"))) {
        return raw.get(i);
      }
    }
    throw new AssertionError("no STATE line");
  }
}
