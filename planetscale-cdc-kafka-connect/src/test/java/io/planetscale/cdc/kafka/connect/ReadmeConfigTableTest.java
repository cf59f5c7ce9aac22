package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * The README's table of connector settings is the connector's {@code ConfigDef}, key by key: names,
 * types, defaults and descriptions. On a mismatch the message holds the table to paste.
 */
class ReadmeConfigTableTest {
  static final String START = "<!-- connector-config:start -->\n";
  static final String END = "<!-- connector-config:end -->";

  @Test
  void theReadmeTableIsTheConfigDef() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("README.md has a %s marker", START.trim()).isNotNegative();
    assertThat(to).as("README.md has a %s marker after the start", END).isGreaterThan(from);
    String expected = table();
    assertThat(readme.substring(from + START.length(), to))
        .as("the README's connector settings; the table to paste:%n%s", expected).isEqualTo(expected);
  }

  static String table() {
    StringBuilder b = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
    for (ConfigDef.ConfigKey k : ConnectorConfig.DEF.configKeys().values()) {
      if (k.internalConfig) {
        continue;
      }
      b.append("| `").append(k.name).append("` | ").append(k.type.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(defaultText(k)).append(" | ").append(k.documentation.replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "required";
    }
    Object v = k.defaultValue;
    if (v == null || v instanceof Password) {
      return "";
    }
    String text = v instanceof java.util.List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
        : String.valueOf(v);
    return text.isEmpty() ? "" : "`" + text + "`";
  }
}
