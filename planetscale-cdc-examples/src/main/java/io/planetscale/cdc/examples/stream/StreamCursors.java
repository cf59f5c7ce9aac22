package io.planetscale.cdc.examples.stream;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.InputFile;
import io.planetscale.cdc.examples.cli.OutputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code change-stream} starts and what it saves: the cursors of {@code --start-at} (each the
 * Base64 {@code "cursor"} of a printed cursor line, as in state files), and the {@code --state}
 * file, read at the start when it exists and rewritten, atomically, after every cursor.
 */
final class StreamCursors {
  private StreamCursors() {}

  /**
   * @param values the {@code --start-at} values, one per shard
   * @param database the config's database: every cursor must be of it
   * @return the decoded cursors, in the given order
   * @throws CliException naming the value and what is wrong with it
   */
  static List<TableCursor> parseStartAt(List<String> values, String database) {
    List<TableCursor> cursors = new ArrayList<>();
    for (String value : values) {
      TableCursor cursor;
      try {
        cursor = new SerializedCursor(value.strip()).toTableCursor();
      } catch (ConfigurationException e) {
        throw new CliException("--start-at \"" + value + "\" is not a cursor as change-stream prints it (the"
            + " \"cursor\" of a cursor line): " + e.getMessage(), e);
      }
      if (cursor.shard().isEmpty() || cursor.keyspace().isEmpty()) {
        throw new CliException("--start-at \"" + value + "\" is not a cursor as change-stream prints it (the"
            + " \"cursor\" of a cursor line): it names no " + (cursor.shard().isEmpty() ? "shard" : "keyspace"));
      }
      if (!cursor.keyspace().equals(database)) {
        throw new CliException("--start-at \"" + value + "\" is a cursor of keyspace \"" + cursor.keyspace()
            + "\", but the config's database is \"" + database + "\"");
      }
      cursors.add(cursor);
    }
    return cursors;
  }

  /**
   * @param path the {@code --state} file
   * @param table the streamed table (the state's stream name)
   * @return the table's cursors in the file, one per shard; empty if the file or its entry for the
   *     table does not exist yet
   * @throws CliException if the file cannot be read, or a cursor in it does not decode
   */
  static List<TableCursor> readState(Path path, String table) {
    if (!Files.exists(path)) {
      return List.of();
    }
    State state = InputFile.read("state", path.toString(), "--state", State::fromJson);
    ShardStates shards = state.streams().get(table);
    List<TableCursor> cursors = new ArrayList<>();
    if (shards != null) {
      for (Map.Entry<String, SerializedCursor> shard : shards.shards().entrySet()) {
        try {
          cursors.add(shard.getValue().toTableCursor(table, shard.getKey()));
        } catch (ConfigurationException e) {
          throw new CliException("state file " + path + " is invalid: " + e.getMessage(), e);
        }
      }
    }
    return cursors;
  }

  /** Saves the latest cursor of each shard to a {@code --state} file, keeping its other streams. */
  static final class StateFile {
    private final Path path;
    private final String table;
    private final Map<String, SerializedCursor> cursors = new LinkedHashMap<>();
    private State others;

    /**
     * @param path the file
     * @param table the streamed table
     * @param start where each shard starts: saved until the shard delivers a cursor
     */
    StateFile(Path path, String table, Map<String, TableCursor> start) {
      this.path = path;
      this.table = table;
      start.forEach((shard, cursor) -> cursors.put(shard, SerializedCursor.of(cursor)));
      this.others = Files.exists(path) ? InputFile.read("state", path.toString(), "--state", State::fromJson)
          : State.empty();
    }

    /**
     * Records a cursor and rewrites the file.
     *
     * @param cursor the cursor just delivered
     */
    void save(TableCursor cursor) {
      cursors.put(cursor.shard(), SerializedCursor.of(cursor));
      others = others.with(table, new ShardStates(cursors));
      OutputFile.writeAtomically(path, others.toJson() + "\n");
    }
  }
}
