package io.planetscale.cdc.examples.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: a leading command word or none, then {@code --flag value} options and
 * {@code --switch} booleans (also {@code --flag=value}). Unknown flags are errors naming them. A
 * flag given more than once keeps every value ({@link #values}); {@link #value} is the last.
 */
public final class Args {
  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, List<String>> repeated = new HashMap<>();

  private Args() {}

  /**
   * @param argv the arguments
   * @param flagsWithValue flags that take a value, without {@code --}
   * @param switches flags that take none, without {@code --}
   * @return the parsed arguments
   * @throws CliException for an unknown flag or a flag without its value
   */
  public static Args parse(String[] argv, Set<String> flagsWithValue, Set<String> switches) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--")) {
        a.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (switches.contains(name)) {
        a.values.put(name, value == null ? "true" : value);
      } else if (flagsWithValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
            throw new CliException("--" + name + " needs a value");
          }
          value = argv[++i];
        }
        a.values.put(name, value);
        a.repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new CliException("unknown option --" + name);
      }
    }
    return a;
  }

  /** @return the arguments that are not options, in order */
  public List<String> positional() {
    return positional;
  }

  /**
   * @param flag the flag, without {@code --}
   * @return its value, or null if absent
   */
  public String value(String flag) {
    return values.get(flag);
  }

  /**
   * @param flag a flag that takes a value, without {@code --}
   * @return every value it was given, in order; empty if absent
   */
  public List<String> values(String flag) {
    return List.copyOf(repeated.getOrDefault(flag, List.of()));
  }

  /**
   * @param flag the flag, without {@code --}
   * @param fallback the value when absent
   * @return the switch's value: {@code true} when given bare, or its {@code =true|false}
   * @throws CliException if the value is neither true nor false
   */
  public boolean flag(String flag, boolean fallback) {
    String v = values.get(flag);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new CliException("--" + flag + " must be true or false, was \"" + v + "\"");
  }
}
