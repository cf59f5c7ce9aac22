package io.planetscale.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials are cut out where they stand (URL user info, password fields, authorization headers,
 * Basic credentials, a long password as a whole token), and ordinary text is never touched, however
 * short the password: a cut inside "parsing of database" would both mangle it and reveal the password.
 */
class RedactionTest {
  private static final String LONG = "pscale_pw_Xk3vQ9zLm2Rt8WcY5nHb";

  /** Text from real messages, containing p, a and shop many times over. */
  private static final String[] ORDINARY = {
      "parsing of database `shop` failed",
      "reading the columns of table `shop`.`orders` (shop table)",
      "ping of database `db` failed: Access denied for user 'u'@'h' (using password: YES) (SQLState 28000, error 1045)",
      "config: password: expected a string, got a number",
      "Basic authentication failed; Basic auth is required",
      "Socket fail to connect to does-not-exist.invalid. does-not-exist.invalid: Name or service not known",
      "connecting to aws.connect.psdb.cloud:443 failed: UNAVAILABLE: io exception",
      "see https://planetscale.com/docs/integrations/airbyte for the spec",
  };

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", LONG})
  void ordinaryTextStaysIntactWhateverThePassword(String password) {
    for (String text : ORDINARY) {
      assertThat(Redaction.redact(text, password)).isEqualTo(text);
      assertThat(Redaction.needsRedaction(text, password)).isFalse();
    }
  }

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", LONG})
  void credentialsAreCutWhereTheyStand(String password) {
    String basic = Base64.getEncoder().encodeToString(("user:" + password).getBytes(StandardCharsets.UTF_8));
    assertRedacted("could not connect to mysql://user:" + password + "@aws.connect.psdb.cloud:3306/shop",
        "could not connect to mysql://user:<redacted>@aws.connect.psdb.cloud:3306/shop", password);
    assertRedacted("jdbc:mariadb://h:3306/shop?user=u&password=" + password + "&sslMode=verify-full (shop table)",
        "jdbc:mariadb://h:3306/shop?user=u&password=<redacted>&sslMode=verify-full (shop table)", password);
    assertRedacted("{\"host\":\"h\",\"password\": \"" + password + "\",\"database\":\"shop\"}",
        "{\"host\":\"h\",\"password\": \"<redacted>\",\"database\":\"shop\"}", password);
    assertRedacted("options {keyStorePassword=" + password + ", user=u}",
        "options {keyStorePassword=<redacted>, user=u}", password);
    assertRedacted("rejected headers: authorization: Basic " + basic + "\nparsing of database",
        "rejected headers: authorization: Basic <redacted>\nparsing of database", password);
    assertRedacted("Metadata(content-type=application/grpc,authorization=Basic " + basic + ")",
        "Metadata(content-type=application/grpc,authorization=Basic <redacted>)", password);
    assertRedacted("proxy said: sent Basic " + basic + " for shop", "proxy said: sent Basic <redacted> for shop",
        password);
  }

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"hunter2-Secret", LONG})
  void aLongPasswordIsCutWhereItStandsAsAWholeToken(String password) {
    assertRedacted("server said: bad credentials " + password + ".", "server said: bad credentials <redacted>.",
        password);
    assertRedacted("'" + password + "' and '" + password + "'", "'<redacted>' and '<redacted>'", password);
    // Inside a longer token it is not this password standing there: nothing to reveal, nothing cut.
    String longer = "x" + password + "9";
    assertThat(Redaction.redact(longer, password)).isEqualTo(longer);
  }

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", "database"})
  void aShortPasswordIsNeverCutOutOfText(String password) {
    String text = "bad credentials " + password + " for database shop";
    assertThat(Redaction.redact(text, password)).isEqualTo(text);
  }

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", LONG})
  void redactingTwiceChangesNothingMore(String password) {
    String once = Redaction.redact("mysql://u:" + password + "@h/db password=" + password, password);
    assertThat(Redaction.redact(once, password)).isEqualTo(once);
    assertThat(Redaction.needsRedaction(once, password)).isFalse();
    assertThat(Redaction.redact(null, password)).isNull();
  }

  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", LONG})
  void aValueHoldsThePasswordWhenItIsThePasswordOrContainsALongOne(String password) {
    assertThat(Redaction.holdsPassword(password, password)).isTrue();
    assertThat(Redaction.holdsPassword(" " + password + "\n", password)).isTrue();
    assertThat(Redaction.holdsPassword("shop table parsing", password)).isFalse();
    assertThat(Redaction.holdsPassword("x" + password + "x", password)).isEqualTo(password.equals(LONG));
    assertThat(Redaction.holdsPassword(password, "")).isFalse();
    assertThat(Redaction.holdsPassword(null, password)).isFalse();
  }

  private static void assertRedacted(String text, String expected, String password) {
    String redacted = Redaction.redact(text, password);
    assertThat(redacted).isEqualTo(expected);
    assertThat(Redaction.needsRedaction(text, password)).isTrue();
  }
}
