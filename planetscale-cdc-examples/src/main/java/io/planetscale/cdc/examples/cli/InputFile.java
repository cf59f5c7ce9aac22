package io.planetscale.cdc.examples.cli;

import io.planetscale.cdc.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a JSON input file (config, catalog, state) and parses it, turning every failure into a
 * {@link CliException} that names the file: missing, unreadable, or invalid at a line and column.
 */
public final class InputFile {
  private InputFile() {}

  /**
   * @param what what the file is, for messages ("config", "catalog", "state")
   * @param path the file, or null when the flag was not given
   * @param flag the flag that names it, for the message when it is missing
   * @param parser parses the text (e.g. {@code PlanetScaleSource::fromJson})
   * @param <T> the parsed type
   * @return the parsed value
   * @throws CliException naming the file and what is wrong with it
   */
  public static <T> T read(String what, String path, String flag, Function<String, T> parser) {
    if (path == null) {
      throw new CliException("please give the " + what + " file with " + flag + " <path>");
    }
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(what + " file " + path + " does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new CliException(what + " file " + path + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return parser.apply(text);
    } catch (ConfigurationException e) {
      throw new CliException(what + " file " + path + " is invalid: " + e.getMessage(), e);
    }
  }
}
