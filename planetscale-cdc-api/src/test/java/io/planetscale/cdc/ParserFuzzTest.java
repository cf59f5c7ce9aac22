package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Damaged input never escapes as anything but the documented exception: every JSON entry point,
 * the cursor codec (Base64 text and protobuf bytes) and the GTID parser either return a value or
 * throw {@link ConfigurationException} ({@link IllegalArgumentException} for {@link GtidSet#parse},
 * as documented), with a message, within {@link Tries#PER_TRY}. Inputs are valid documents from
 * {@link ValidInputs} with {@link Mutations} applied.
 */
class ParserFuzzTest {
  private static final int TRIES = 1_500;

  @Test
  void damagedStateJsonParsesOrIsAConfigurationException() {
    Tries.forAllText("state json", TRIES, r -> Mutations.mutate(r, ValidInputs.state(r).toJson()),
        json -> Tries.succeedsOrThrows(ConfigurationException.class, () -> State.fromJson(json)));
  }

  @Test
  void damagedWrappedStateMessageParsesOrIsAConfigurationException() {
    Tries.forAllText("wrapped state json", TRIES / 3,
        r -> Mutations.mutate(r, "{\"type\":\"STATE\",\"value\":" + ValidInputs.state(r).toJson() + "}"),
        json -> Tries.succeedsOrThrows(ConfigurationException.class, () -> State.fromJson(json)));
  }

  @Test
  void damagedCatalogJsonParsesOrIsAConfigurationException() {
    Tries.forAllText("catalog json", TRIES, r -> Mutations.mutate(r, ValidInputs.catalog(r).toJson()),
        json -> Tries.succeedsOrThrows(ConfigurationException.class, () -> Catalog.fromJson(json)));
  }

  /** Also: whatever is wrong, the message never quotes the password. */
  @Test
  void damagedSourceJsonParsesOrIsAConfigurationExceptionWithoutThePassword() {
    String password = "pw-0123456789-secret";
    Tries.forAllText("source json", TRIES,
        r -> Mutations.mutate(r, ValidInputs.source(r).toBuilder().password(password).build().toJson()),
        json -> {
          try {
            PlanetScaleSource.fromJson(json);
          } catch (ConfigurationException e) {
            assertThat(e.getMessage()).isNotBlank();
            // Only a password the document still holds as such is secret; a damaged key makes it mere text.
            if (json.contains("\"password\":\"" + password + "\"")) {
              assertThat(e.getMessage()).doesNotContain(password.substring(0, 12));
            }
          }
        });
  }

  @Test
  void damagedStartingGtidsStringParsesOrIsAConfigurationException() {
    Tries.forAllText("starting gtids string", TRIES / 3, r -> {
      PlanetScaleSource s = ValidInputs.source(r);
      String inner = Mutations.mutate(r, "{\"" + s.database() + "\":{\"-80\":\"" + ValidInputs.position(r) + "\"}}");
      return "{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":" + "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(inner)) + "\"" + "}";
    }, json -> Tries.succeedsOrThrows(ConfigurationException.class, () -> PlanetScaleSource.fromJson(json)));
  }

  @Test
  void damagedCursorTextDecodesOrIsAConfigurationException() {
    Tries.forAllText("cursor base64", TRIES, r -> Mutations.mutate(r, SerializedCursor.of(ValidInputs.cursor(r)).cursor()),
        text -> Tries.succeedsOrThrows(ConfigurationException.class,
            () -> new SerializedCursor(text).toTableCursor("orders", "-80")));
  }

  @Test
  void damagedCursorBytesDecodeOrAreAConfigurationException() {
    Tries.forAll("cursor protobuf", TRIES * 2, r -> {
      byte[] valid = Base64.getDecoder().decode(SerializedCursor.of(ValidInputs.cursor(r)).cursor());
      return Base64.getEncoder().encodeToString(Mutations.mutate(r, valid));
    }, text -> Tries.succeedsOrThrows(ConfigurationException.class, () -> new SerializedCursor(text).toTableCursor()));
  }

  @Test
  void randomBytesDecodeOrAreAConfigurationException() {
    Tries.forAll("random cursor bytes", TRIES, r -> {
      byte[] bytes = new byte[r.nextInt(64)];
      r.nextBytes(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }, text -> Tries.succeedsOrThrows(ConfigurationException.class, () -> new SerializedCursor(text).toTableCursor()));
  }

  /** A damaged position parses to a set whose text reads back to it, or is an IllegalArgumentException. */
  @Test
  void damagedGtidSetsParseToACanonicalSetOrAreIllegalArguments() {
    Tries.forAllText("gtid set", TRIES * 2, r -> Mutations.mutate(r, ValidInputs.canonical(ValidInputs.gtidIntervals(r))),
        text -> {
          Tries.succeedsOrThrows(IllegalArgumentException.class, () -> GtidSet.parse(text));
          Optional<GtidSet> parsed = GtidSet.tryParse(text);
          parsed.ifPresent(set -> {
            assertThat(GtidSet.parse(set.toString())).isEqualTo(set);
            assertThat(GtidSet.parse(set.toString()).toString()).isEqualTo(set.toString());
          });
        });
  }

  /** The position comparisons take any text, GTID or not, without throwing. */
  @Test
  void positionComparisonsAcceptAnyText() {
    Tries.forAll("positions", TRIES, r -> new String[] {
        Mutations.mutate(r, ValidInputs.canonical(ValidInputs.gtidIntervals(r))),
        r.nextBoolean() ? ValidInputs.position(r) : Mutations.mutate(r, ValidInputs.position(r))},
        p -> {
          assertThat(Positions.equal(p[0], p[0])).isTrue();
          assertThat(Positions.equal(p[0], p[1])).isEqualTo(Positions.equal(p[1], p[0]));
          assertThat(Positions.reached(p[0], p[0])).isTrue();
          assertThat(Positions.after(p[0], p[0])).isFalse();
          Positions.reached(p[0], p[1]);
          Positions.after(p[1], p[0]);
        });
  }
}
