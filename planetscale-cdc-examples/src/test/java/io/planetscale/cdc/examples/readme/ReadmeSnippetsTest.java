package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.examples.readme.ReadmeSnippets.Block;
import io.planetscale.cdc.examples.readme.ReadmeSnippets.Region;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing and normalization {@link ReadmeTest} relies on: strict, so that a drift fails it. */
class ReadmeSnippetsTest {
  private static final Path FILE = Path.of("Example.java");

  private static final String SOURCE = String.join("\n",
      "package p;",
      "",
      "// region readme:demo",
      "import a.B;",
      "// endregion readme:demo",
      "import org.junit.Test;",
      "",
      "class Example {",
      "  void demo() {",
      "    // region readme:demo",
      "    B b = new B();   ",
      "",
      "    if (b.ok()) {",
      "      b.run();",
      "    }",
      "    // endregion readme:demo",
      "  }",
      "}");

  @Test
  void joinsTheSegmentsOfARegionDedentedWithOneBlankLine() {
    Map<String, Region> regions = ReadmeSnippets.regions(FILE, SOURCE);
    assertThat(regions).containsOnlyKeys("demo");
    Region demo = regions.get("demo");
    assertThat(demo.text()).isEqualTo("import a.B;\n\nB b = new B();\n\nif (b.ok()) {\n  b.run();\n}");
    assertThat(demo.imports()).containsExactly("import a.B;");
    assertThat(demo.code()).startsWith("B b = new B();");
    assertThat(demo.fileImports()).containsExactly("import a.B;", "import org.junit.Test;");
  }

  @Test
  void readsFencedBlocksWithTheirMarkers() {
    String markdown = String.join("\n",
        "# Title",
        "<!-- snippet: demo -->",
        "```java",
        "import a.B;",
        "",
        "B b = new B();  ",
        "```",
        "",
        "```bash",
        "echo hi",
        "```");
    List<Block> blocks = ReadmeSnippets.blocks(markdown);
    assertThat(blocks).containsExactly(
        new Block("demo", "java", 3, "import a.B;\n\nB b = new B();"),
        new Block(null, "bash", 9, "echo hi"));
  }

  @Test
  void keepsWhatTheNormalizationDoesNotRemove() {
    // Inner blank lines, relative indentation and line breaks stay, so that a block differing in them differs.
    assertThat(ReadmeSnippets.normalize(List.of("  a", "", "", "    b", "  c"), true)).isEqualTo("a\n\n\n  b\nc");
    assertThat(ReadmeSnippets.normalize(List.of("", "  a  ", "    b", ""), false)).isEqualTo("  a\n    b");
    assertThat(ReadmeSnippets.normalize(List.of("  x.y()", "      .z();"), true))
        .isNotEqualTo(ReadmeSnippets.normalize(List.of("x.y()", ".z();"), false));
  }

  @Test
  void rejectsMalformedRegions() {
    assertThatThrownBy(() -> ReadmeSnippets.regions(FILE, "// region readme:a\nx\n"))
        .hasMessage("Example.java:1: region a is never closed");
    assertThatThrownBy(() -> ReadmeSnippets.regions(FILE, "// region readme:a\n// region readme:b\n"))
        .hasMessage("Example.java:2: region b begins inside region a");
    assertThatThrownBy(() -> ReadmeSnippets.regions(FILE, "// region readme:a\n// endregion readme:b\n"))
        .hasMessage("Example.java:2: endregion b inside region a");
    assertThatThrownBy(() -> ReadmeSnippets.regions(FILE, "// endregion readme:a\n"))
        .hasMessage("Example.java:1: endregion a without a region");
    assertThatThrownBy(() -> ReadmeSnippets.regions(FILE, "// region readme: a\n"))
        .hasMessage("Example.java:1: malformed region marker: // region readme: a");
    assertThatThrownBy(() -> ReadmeSnippets.blocks("```java\nx\n"))
        .hasMessage("line 1: the ``` fence is never closed");
  }
}
