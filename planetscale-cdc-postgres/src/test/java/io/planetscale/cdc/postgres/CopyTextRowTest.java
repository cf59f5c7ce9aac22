package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.PlanetScaleCdcException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY text rows split into fields and unescaped; the resume key rendered as literals. */
class CopyTextRowTest {
  private static String[] split(String row, int fields) {
    return CopyTextRow.split(row.getBytes(StandardCharsets.UTF_8), fields);
  }

  @Test
  void splitsOnTabsAndDropsTheFinalNewline() {
    assertThat(split("1\tabc\t\n", 3)).containsExactly("1", "abc", "");
    assertThat(split("1\tabc", 2)).containsExactly("1", "abc");
  }

  @Test
  void undoesEveryNamedEscape() {
    assertThat(split("a\\\\b\\bc\\fd\\ne\\rf\\tg\\vh\n", 1))
        .containsExactly("a\\b\bc\fd\ne\rf\tg\u000Bh");
  }

  @Test
  void undoesOctalAndHexEscapesAndKeepsOtherEscapedCharacters() {
    assertThat(split("\\101\\0\\7x\\x41\\x4a\\xg\\.\n", 1)).containsExactly("A\u0000\u0007xAJxg.");
    // Octal and hex escapes are bytes: two of them make one UTF-8 character.
    assertThat(split("\\303\\251\\xc3\\xa9", 1)).containsExactly("éé");
  }

  @Test
  void tellsNullFromEmptyAndFromTheTextBackslashN() {
    assertThat(split("\\N\t\t\\\\N\tN\n", 4)).containsExactly(null, "", "\\N", "N");
  }

  @Test
  void keepsTabsAndNewlinesInsideValues() {
    assertThat(split("x\\ty\\nz\t2\n", 2)).containsExactly("x\ty\nz", "2");
  }

  @Test
  void decodesMultibyteUtf8() {
    assertThat(split("Grüße\t日本語\t😀\\t\n", 3)).containsExactly("Grüße", "日本語", "😀\t");
  }

  @Test
  void readsAnEmptyRowAsOneEmptyField() {
    assertThat(split("\n", 1)).containsExactly("");
    assertThat(split("", 1)).containsExactly("");
    assertThat(split("\\N\n", 1)).containsExactly((String) null);
  }

  @Test
  void rejectsMalformedRowsWithoutShowingTheirValues() {
    assertThatThrownBy(() -> split("1\t2\n", 3)).isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("2 fields, expected 3");
    assertThatThrownBy(() -> split("1\t2\t3\n", 2)).isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("more than 2 fields");
    assertThatThrownBy(() -> split("secret\\", 1)).isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("ends within a backslash escape").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> split("a\\Nb", 1)).isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("\\N inside a field");
  }

  @Test
  void rendersTheResumeKeyAsEscapeStringLiteralsCastToTheKeyTypes() {
    assertThat(SnapshotReader.literal("it's a \\ test")).isEqualTo("E'it''s a \\\\ test'");
    assertThat(SnapshotReader.keyLiterals(List.of(new SnapshotReader.Column("id", 23, "integer"),
        new SnapshotReader.Column("name", 25, "character varying(20)")), List.of("42", "o'k")))
        .isEqualTo("CAST(E'42' AS integer), CAST(E'o''k' AS character varying(20))");
  }
}
