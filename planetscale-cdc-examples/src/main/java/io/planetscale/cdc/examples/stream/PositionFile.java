package io.planetscale.cdc.examples.stream;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.InputFile;
import io.planetscale.cdc.examples.cli.OutputFile;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --position-file} of {@code change-stream --keyspace}: a {@link VGtid} in its JSON form,
 * read at the start when the file exists and replaced, atomically, after every transaction's last
 * chunk, so that the next run resumes right after the last transaction printed.
 */
final class PositionFile {
  private final Path path;
  private VGtid saved;

  /** @param path the file */
  PositionFile(Path path) {
    this.path = path;
  }

  /** @return the file */
  Path path() {
    return path;
  }

  /**
   * @param keyspace the config's database: every shard of the position must be of it
   * @return the position in the file, or empty when the file does not exist yet
   * @throws CliException naming the file and what is wrong with it
   */
  Optional<VGtid> read(String keyspace) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    VGtid position = InputFile.read("position", path.toString(), "--position-file", text -> {
      try {
        return VGtid.fromJson(text.strip());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(e.getMessage(), e);
      }
    });
    for (ShardGtid shard : position.shardGtids()) {
      if (!shard.keyspace().equals(keyspace)) {
        throw new CliException("position file " + path + " is a position of keyspace \"" + shard.keyspace()
            + "\", but the config's database is \"" + keyspace + "\"");
      }
    }
    saved = position;
    return Optional.of(position);
  }

  /**
   * Replaces the file with a position (write a temporary file beside it, then rename it over the
   * file), unless it already holds that position.
   *
   * @param position the position to resume from
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  void save(VGtid position) {
    if (position.equals(saved)) {
      return;
    }
    OutputFile.writeAtomically(path, position.toJson() + "\n");
    saved = position;
  }
}
