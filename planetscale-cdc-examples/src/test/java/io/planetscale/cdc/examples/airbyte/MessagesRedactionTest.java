package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.cli.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The free text of LOG, TRACE and CONNECTION_STATUS messages loses its credentials and nothing else:
 * with the password {@code p}, "parsing of database" must not become "<redacted>arsing of database",
 * which would also reveal the password.
 */
class MessagesRedactionTest {
  private static final String LONG = "pscale_pw_Xk3vQ9zLm2Rt8WcY5nHb";

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", LONG})
  void ordinaryTextIsKeptAndCredentialsAreCut(String password) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Messages messages = new Messages(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    messages.redact(password);
    String basic = Base64.getEncoder().encodeToString(("shop-user:" + password).getBytes(StandardCharsets.UTF_8));

    messages.log(Messages.Level.INFO, "Syncing stream shop:orders after parsing of database shop (shop table)");
    messages.traceError("connecting to mysql://shop-user:" + password + "@aws.connect.psdb.cloud/shop failed", false);
    messages.connectionStatus(false, "proxy rejected authorization: Basic " + basic + " for database shop");

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(message(lines[0], "log")).isEqualTo(
        "PlanetScale Source :: Syncing stream shop:orders after parsing of database shop (shop table)");
    Map<String, Object> error = Json.object("error", Json.object("trace", parse(lines[1]).get("trace")).get("error"));
    assertThat(error.get("message"))
        .isEqualTo("connecting to mysql://shop-user:<redacted>@aws.connect.psdb.cloud/shop failed");
    assertThat(error.get("internal_message")).isEqualTo(error.get("message"));
    assertThat(message(lines[2], "connectionStatus"))
        .isEqualTo("proxy rejected authorization: Basic <redacted> for database shop");
    assertThat(messages.scrub("bad credentials " + password))
        .isEqualTo(password.equals(LONG) ? "bad credentials <redacted>" : "bad credentials " + password);
    assertThat(messages.scrub(null)).isEmpty();
  }

  private static Map<String, Object> parse(String line) {
    return Json.object("line", Json.parse("line", line));
  }

  private static Object message(String line, String key) {
    return Json.object(key, parse(line).get(key)).get("message");
  }
}
