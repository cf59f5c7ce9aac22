package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

  @Test
  void parsesEveryKindOfValueKeepingKeyOrder() {
    Object root = JsonTree.parse("test",
        "{\"z\":1,\"a\":[true,false,null],\"s\":\"x\",\"big\":123456789012345678901234567890,\"f\":1.50}");
    assertThat(root).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) root;
    assertThat(map.keySet()).containsExactly("z", "a", "s", "big", "f");
    assertThat(map.get("z")).isEqualTo(1L);
    assertThat(map.get("a")).isEqualTo(Arrays.asList(true, false, null));
    assertThat(map.get("s")).isEqualTo("x");
    assertThat(map.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(map.get("f")).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void repeatedKeyTakesTheLastValueLikeGo() {
    Map<?, ?> map = (Map<?, ?>) JsonTree.parse("test", "{\"a\":1,\"a\":2}");
    assertThat(map.get("a")).isEqualTo(2L);
  }

  @Test
  void invalidJsonNamesTheDocumentLineAndColumn() {
    assertThatThrownBy(() -> JsonTree.parse("catalog", "{\n  \"streams\": [\n    }\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("catalog: invalid JSON at line 3, column 5: ")
        .hasMessageContaining("Unexpected close marker");
  }

  @Test
  void truncatedJsonIsReported() {
    assertThatThrownBy(() -> JsonTree.parse("state", "{\"bookmarks\":"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("state: invalid JSON at line 1")
        .hasMessageContaining("end-of-input");
  }

  @Test
  void emptyAndNullInputsAreErrors() {
    assertThatThrownBy(() -> JsonTree.parse("config", "  \n "))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("config: invalid JSON: the input is empty");
    assertThatThrownBy(() -> JsonTree.parse("config", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("config: ");
  }

  @Test
  void trailingContentIsAnError() {
    assertThatThrownBy(() -> JsonTree.parse("state", "{} {}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("state: invalid JSON at line 1, column 4: unexpected content after the end of the document");
  }

  @Test
  void hugeInputIsNotEchoed() {
    String junk = "x".repeat(100_000);
    assertThatThrownBy(() -> JsonTree.parse("catalog", "{\"a\":" + junk + "}"))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }

  @Test
  void sensitiveParsingRedactsJacksonsTokenExcerpt() {
    String json = "{\"host\":\"h\",\"password\": hunter2secret}";
    assertThatThrownBy(() -> JsonTree.parse("config", json))
        .hasMessageContaining("hunter2secret");
    assertThatThrownBy(() -> JsonTree.parseSensitive("config", json))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("config: invalid JSON at line 1")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void valuePathsUseDotsIndexesAndQuotedKeys() {
    JsonValue root = JsonValue.root("state",
        JsonTree.parse("state", "{\"bookmarks\":{\"t\":{\"shards\":{\"-80\":{\"cursor\":5}}}},\"l\":[1,\"yes\"]}"));
    JsonValue cursor = root.get("bookmarks").get("t").get("shards").get("-80").get("cursor");
    assertThat(cursor.path()).isEqualTo("bookmarks.t.shards[\"-80\"].cursor");
    assertThatThrownBy(() -> cursor.asString(null))
        .hasMessage("state: bookmarks.t.shards[\"-80\"].cursor: expected a string, got 5");
    assertThatThrownBy(() -> root.get("l").elements().get(1).asBoolean(false))
        .hasMessage("state: l[1]: expected a boolean, got \"yes\"");
  }

  @Test
  void missingAndNullBehaveAlike() {
    JsonValue root = JsonValue.root("x", JsonTree.parse("x", "{\"n\":null}"));
    assertThat(root.get("n").isNull()).isTrue();
    assertThat(root.get("absent").isNull()).isTrue();
    assertThat(root.get("n").asString("d")).isEqualTo("d");
    assertThat(root.get("absent").elements()).isEmpty();
    assertThat(root.get("absent").fields()).isEmpty();
    assertThat(root.get("absent").get("deeper").asInt(7)).isEqualTo(7);
    assertThatThrownBy(() -> root.get("n").requireString()).hasMessage("x: n: missing, expected a string");
  }

  @Test
  void wrongContainerTypesAreReportedWithTheirKind() {
    JsonValue root = JsonValue.root("x", JsonTree.parse("x", "{\"o\":{},\"a\":[]}"));
    assertThatThrownBy(() -> root.get("o").elements()).hasMessage("x: o: expected an array, got an object");
    assertThatThrownBy(() -> root.get("a").get("k")).hasMessage("x: a: expected an object, got an array");
  }

  @Test
  void lenientBooleansAndIntegers() {
    JsonValue root = JsonValue.root("x", JsonTree.parse("x",
        "{\"t\":\"TRUE\",\"f\":\"false\",\"i\":\"42\",\"d\":300.0,\"bad\":\"maybe\",\"frac\":1.5,\"huge\":99999999999}"));
    assertThat(root.get("t").asLenientBoolean(false)).isTrue();
    assertThat(root.get("f").asLenientBoolean(true)).isFalse();
    assertThat(root.get("i").asInt(0)).isEqualTo(42);
    assertThat(root.get("d").asInt(0)).isEqualTo(300);
    assertThatThrownBy(() -> root.get("bad").asLenientBoolean(false)).hasMessage("x: bad: expected a boolean, got \"maybe\"");
    assertThatThrownBy(() -> root.get("frac").asInt(0)).hasMessage("x: frac: expected an integer, got 1.5");
    assertThatThrownBy(() -> root.get("huge").asInt(0)).hasMessage("x: huge: expected an integer, got 99999999999");
    assertThatThrownBy(() -> root.get("t").asBoolean(false)).hasMessageContaining("expected a boolean");
  }

  @Test
  void secretValuesAreDescribedByKindOnly() {
    JsonValue root = JsonValue.root("config", JsonTree.parse("config", "{\"p\":\"s3cret\",\"n\":12345}"));
    assertThatThrownBy(() -> root.get("p").secret().asBoolean(false))
        .hasMessage("config: p: expected a boolean, got a string");
    assertThatThrownBy(() -> root.get("n").secret().asString(null))
        .hasMessage("config: n: expected a string, got a number");
  }

  @Test
  void longStringsAreTruncatedInMessages() {
    JsonValue root = JsonValue.root("x", JsonTree.parse("x", "{\"s\":\"" + "a".repeat(500) + "\"}"));
    assertThatThrownBy(() -> root.get("s").asInt(0))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100).contains("...\""));
  }

  @Test
  void stringListsAcceptABareStringOnlyWhenAsked() {
    JsonValue root = JsonValue.root("x", JsonTree.parse("x", "{\"s\":\"object\",\"l\":[\"a\",2]}"));
    assertThat(root.get("s").asStringList(true)).containsExactly("object");
    assertThatThrownBy(() -> root.get("s").asStringList(false)).hasMessage("x: s: expected an array, got \"object\"");
    assertThatThrownBy(() -> root.get("l").asStringList(false)).hasMessage("x: l[1]: expected a string, got 2");
  }

  @Test
  void outputIsCompactWithGoStyleEscapes() {
    String json = new JsonOutput().startObject()
        .field("a", "<b>&\u2028\"\n")
        .field("n", 3)
        .field("l", List.of("x", "y"))
        .optional("empty", List.of())
        .optional("f", false)
        .optional("nul", (String) null)
        .field("é", "ü")
        .endObject().finish();
    assertThat(json).isEqualTo(
        "{\"a\":\"\\u003cb\\u003e\\u0026\\u2028\\\"\\n\",\"n\":3,\"l\":[\"x\",\"y\"],\"é\":\"ü\"}");
  }
}
