package io.planetscale.cdc.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of README.md and the regions of test sources that its Java blocks quote.
 *
 * <p>In README.md, a block quotes a region when the line right before its opening fence is
 * {@code <!-- snippet: NAME -->} (invisible when rendered). In a test source, the region NAME is every
 * line between {@code // region readme:NAME} and {@code // endregion readme:NAME}; a file may hold
 * several segments of one region (e.g. its imports at the top and its statements in a method), which
 * are joined in file order with one blank line between them. A region lives in one file.
 *
 * <p>Whitespace is normalized as follows, and nothing else is: trailing whitespace is removed from
 * every line; leading and trailing blank lines are removed from every segment and every block; every
 * segment loses the indentation common to its non-blank lines (a README block starts at column 0
 * already). Inner blank lines, relative indentation, comments and line breaks must match exactly.
 */
final class ReadmeSnippets {
  private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9]*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: ([a-z0-9-]+) -->\\s*$");
  private static final Pattern BEGIN = Pattern.compile("^\\s*// region readme:([a-z0-9-]+)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// endregion readme:([a-z0-9-]+)\\s*$");
  private static final Pattern ANY_MARK = Pattern.compile("^\\s*// (end)?region readme\\b.*$");

  private ReadmeSnippets() {}

  /**
   * A fenced block of the README.
   *
   * @param snippet the name in the marker line before it, or null if there is none
   * @param language the fence's info string, e.g. {@code java}
   * @param line the 1-based line of the opening fence
   * @param text the normalized content
   */
  record Block(String snippet, String language, int line, String text) {}

  /**
   * A region of a test source.
   *
   * @param name its name
   * @param file the file it is in
   * @param segments each segment's normalized text, in file order
   * @param fileImports every import line of the file, trimmed
   */
  record Region(String name, Path file, List<String> segments, List<String> fileImports) {
    /** @return the segments joined by one blank line: what the README must show */
    String text() {
      return String.join("\n\n", segments);
    }

    /** @return the region's import lines */
    List<String> imports() {
      return text().lines().filter(l -> l.startsWith("import ")).toList();
    }

    /** @return the region without its import lines */
    String code() {
      return normalize(text().lines().filter(l -> !l.startsWith("import ")).toList(), false);
    }
  }

  /** @return the repository root: the nearest directory, from the working directory up, holding README.md and pom.xml */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md with a pom.xml above " + Path.of("").toAbsolutePath());
  }

  /**
   * @param markdown the README text
   * @return its fenced blocks, in order
   * @throws IllegalArgumentException if a fence is not closed
   */
  static List<Block> blocks(String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      List<String> content = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        content.add(lines.get(i));
      }
      if (i == lines.size()) {
        throw new IllegalArgumentException("line " + (start + 1) + ": the ``` fence is never closed");
      }
      Matcher marker = start > 0 ? MARKER.matcher(lines.get(start - 1)) : null;
      String snippet = marker != null && marker.matches() ? marker.group(1) : null;
      blocks.add(new Block(snippet, open.group(1), start + 1, normalize(content, false)));
    }
    return blocks;
  }

  /**
   * @param file a Java source
   * @param source its text
   * @return its regions by name (none if it has no markers)
   * @throws IllegalArgumentException naming the file and line of a region that is nested, unclosed,
   *     closed under another name, or a marker that is misspelt
   */
  static Map<String, Region> regions(Path file, String source) {
    List<String> lines = source.lines().toList();
    List<String> imports = lines.stream().map(String::strip).filter(l -> l.startsWith("import ")).toList();
    Map<String, List<String>> segments = new LinkedHashMap<>();
    String open = null;
    int openedAt = 0;
    List<String> current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher begin = BEGIN.matcher(line);
      Matcher end = END.matcher(line);
      if (begin.matches()) {
        if (open != null) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": region " + begin.group(1)
              + " begins inside region " + open);
        }
        open = begin.group(1);
        openedAt = i + 1;
        current = new ArrayList<>();
      } else if (end.matches()) {
        if (!end.group(1).equals(open)) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": endregion " + end.group(1)
              + (open == null ? " without a region" : " inside region " + open));
        }
        segments.computeIfAbsent(open, k -> new ArrayList<>()).add(normalize(current, true));
        open = null;
      } else if (ANY_MARK.matcher(line).matches()) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": malformed region marker: " + line.strip());
      } else if (current != null && open != null) {
        current.add(line);
      }
    }
    if (open != null) {
      throw new IllegalArgumentException(file + ":" + openedAt + ": region " + open + " is never closed");
    }
    Map<String, Region> regions = new LinkedHashMap<>();
    segments.forEach((name, parts) -> regions.put(name, new Region(name, file, List.copyOf(parts), imports)));
    return regions;
  }

  /**
   * Every region of every module's test sources.
   *
   * @param root the repository root
   * @return the regions by name
   * @throws IllegalArgumentException if two files hold a region of the same name
   */
  static Map<String, Region> allRegions(Path root) {
    Map<String, Region> all = new LinkedHashMap<>();
    try (var modules = Files.list(root)) {
      for (Path module : modules.sorted().toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (var files = Files.walk(tests)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
            for (Region r : regions(root.relativize(file), Files.readString(file, StandardCharsets.UTF_8)).values()) {
              Region earlier = all.putIfAbsent(r.name(), r);
              if (earlier != null) {
                throw new IllegalArgumentException("region " + r.name() + " is in both " + earlier.file() + " and "
                    + r.file());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /**
   * Removes trailing whitespace of every line and leading and trailing blank lines, and, if asked,
   * the indentation common to the non-blank lines.
   *
   * @param lines the lines
   * @param dedent whether to remove the common indentation
   * @return the lines joined by {@code \n}
   */
  static String normalize(List<String> lines, boolean dedent) {
    List<String> kept = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
    while (!kept.isEmpty() && kept.get(0).isEmpty()) {
      kept.remove(0);
    }
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
      kept.remove(kept.size() - 1);
    }
    if (dedent) {
      int indent = kept.stream().filter(l -> !l.isEmpty()).mapToInt(ReadmeSnippets::indentation).min().orElse(0);
      kept.replaceAll(l -> l.isEmpty() ? l : l.substring(indent));
    }
    return String.join("\n", kept);
  }

  private static int indentation(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
