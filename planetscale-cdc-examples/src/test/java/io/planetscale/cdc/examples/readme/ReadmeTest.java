package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.readme.ReadmeSnippets.Block;
import io.planetscale.cdc.examples.readme.ReadmeSnippets.Region;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * README.md shows only code that compiles and runs: every Java block quotes a region of a test
 * source ({@link ReadmeSnippets} says how), and its Maven block names this build's artifacts.
 */
class ReadmeTest {
  private static final Path ROOT = ReadmeSnippets.repositoryRoot();

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }

  @Test
  void everyJavaBlockIsExactlyTheRegionItNames() throws IOException {
    Map<String, Region> regions = ReadmeSnippets.allRegions(ROOT);
    List<Block> javaBlocks = ReadmeSnippets.blocks(readme()).stream().filter(b -> b.language().equals("java")).toList();
    assertThat(javaBlocks).as("Java blocks in README.md").isNotEmpty();
    for (Block block : javaBlocks) {
      assertThat(block.snippet())
          .as("README.md line %d: a ```java block needs a <!-- snippet: NAME --> line right before it", block.line())
          .isNotNull();
      Region region = regions.get(block.snippet());
      assertThat(region)
          .as("README.md line %d quotes snippet %s, but no test source has // region readme:%s (regions: %s)",
              block.line(), block.snippet(), block.snippet(), regions.keySet())
          .isNotNull();
      assertThat(block.text())
          .as("README.md line %d differs from region %s in %s", block.line(), region.name(), region.file())
          .isEqualTo(region.text());
    }
  }

  @Test
  void everyRegionIsQuotedAndOnlyJavaBlocksQuoteRegions() throws IOException {
    List<Block> blocks = ReadmeSnippets.blocks(readme());
    Set<String> quoted = new TreeSet<>();
    for (Block block : blocks) {
      if (block.snippet() != null) {
        assertThat(block.language()).as("README.md line %d: a snippet marker before a non-Java block", block.line())
            .isEqualTo("java");
        quoted.add(block.snippet());
      }
    }
    assertThat(quoted).as("snippets README.md quotes")
        .isEqualTo(new TreeSet<>(ReadmeSnippets.allRegions(ROOT).keySet()));
  }

  /**
   * A README snippet lists exactly the imports it needs: each of its imports is used by its code, and
   * no import of its file outside the region is (the file compiles, so the snippet's names resolve).
   */
  @Test
  void everySnippetImportsWhatItUsesAndNothingElse() {
    for (Region region : ReadmeSnippets.allRegions(ROOT).values()) {
      String code = region.code();
      assertThat(region.imports()).as("imports of region %s in %s", region.name(), region.file()).isNotEmpty();
      for (String imported : region.imports()) {
        assertThat(uses(code, imported)).as("region %s imports but does not use: %s", region.name(), imported).isTrue();
      }
      for (String imported : region.fileImports()) {
        if (!region.imports().contains(imported)) {
          assertThat(uses(code, imported))
              .as("region %s uses %s, imported outside the region in %s", region.name(), imported, region.file())
              .isFalse();
        }
      }
    }
  }

  /** The dependencies README.md tells users to add are this build's group, version and modules. */
  @Test
  void mavenBlockNamesThisBuildsArtifacts() throws Exception {
    List<Block> xml = ReadmeSnippets.blocks(readme()).stream().filter(b -> b.language().equals("xml")).toList();
    assertThat(xml).as("```xml blocks in README.md").hasSize(1);
    Element project = parse(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    String groupId = child(project, "groupId");
    String version = child(project, "version");
    Set<String> modules = new LinkedHashSet<>(children(child(project, "modules", true), "module"));

    Element dependencies = parse(xml.get(0).text());
    assertThat(dependencies.getTagName()).isEqualTo("dependencies");
    List<String> compile = new ArrayList<>();
    List<String> test = new ArrayList<>();
    for (Element dependency : elements(dependencies, "dependency")) {
      String artifact = child(dependency, "artifactId");
      assertThat(modules).as("README.md's %s among the modules of the build", artifact).contains(artifact);
      assertThat(child(dependency, "groupId")).as("README.md's groupId of %s", artifact).isEqualTo(groupId);
      assertThat(child(dependency, "version")).as("README.md's version of %s", artifact).isEqualTo(version);
      String scope = child(dependency, "scope");
      (scope == null ? compile : test).add(artifact);
      if (scope != null) {
        assertThat(scope).as("README.md's scope of %s", artifact).isEqualTo("test");
      }
    }
    assertThat(compile).containsExactly("planetscale-cdc-api", "planetscale-cdc-grpc", "planetscale-cdc-jdbc");
    assertThat(test).containsExactly("planetscale-cdc-testkit");
  }

  private static boolean uses(String code, String importLine) {
    String name = importLine.replaceFirst("^import\\s+(static\\s+)?", "").replaceFirst(";$", "").strip();
    String simple = name.substring(name.lastIndexOf('.') + 1);
    return Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(code).find();
  }

  private static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return doc.getDocumentElement();
  }

  private static String child(Element parent, String tag) {
    Element e = child(parent, tag, false);
    return e == null ? null : e.getTextContent().strip();
  }

  private static Element child(Element parent, String tag, boolean required) {
    List<Element> found = elements(parent, tag);
    assertThat(found.size()).as("<%s> elements in <%s>", tag, parent.getTagName()).isLessThanOrEqualTo(1);
    if (required) {
      assertThat(found).as("<%s> in <%s>", tag, parent.getTagName()).hasSize(1);
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<String> children(Element parent, String tag) {
    return elements(parent, tag).stream().map(e -> e.getTextContent().strip()).toList();
  }

  private static List<Element> elements(Element parent, String tag) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        found.add(e);
      }
    }
    return found;
  }
}
