package io.planetscale.cdc.testkit;

import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SyncLogger} that keeps every message and announced schema, for assertions in tests: the
 * logging half of the Go connectors' {@code NewTestLogger()}.
 *
 * <p>Thread-safe; every getter returns an immutable snapshot.
 */
public final class RecordingLogger implements SyncLogger {
  private static final String INFO_PREFIX = "INFO ";
  private static final String ERROR_PREFIX = "ERROR ";

  private final List<String> infos = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<Stream> schemas = new ArrayList<>();
  // Both levels interleaved in call order, each prefixed with its level.
  private final List<String> messages = new ArrayList<>();

  /** Creates an empty logger. */
  public RecordingLogger() {}

  /**
   * Keeps an informational message.
   *
   * @param message the message
   */
  @Override
  public synchronized void info(String message) {
    infos.add(message);
    messages.add(INFO_PREFIX + message);
  }

  /**
   * Keeps an error message.
   *
   * @param message the message
   */
  @Override
  public synchronized void error(String message) {
    errors.add(message);
    messages.add(ERROR_PREFIX + message);
  }

  /**
   * Keeps an announced stream schema.
   *
   * @param stream the stream announced before its records
   */
  @Override
  public synchronized void streamSchema(Stream stream) {
    schemas.add(Objects.requireNonNull(stream, "stream"));
  }

  /**
   * The informational messages, in order, without prefix.
   *
   * @return an immutable snapshot
   */
  public synchronized List<String> infos() {
    return snapshot(infos);
  }

  /**
   * The error messages, in order, without prefix.
   *
   * @return an immutable snapshot
   */
  public synchronized List<String> errors() {
    return snapshot(errors);
  }

  /**
   * The streams announced with {@link #streamSchema}, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Stream> schemas() {
    return List.copyOf(schemas);
  }

  /**
   * Every message of both levels in call order, prefixed {@code "INFO "} or {@code "ERROR "}.
   *
   * @return an immutable snapshot
   */
  public synchronized List<String> messages() {
    return List.copyOf(messages);
  }

  /** Forgets all messages and schemas. */
  public synchronized void clear() {
    infos.clear();
    errors.clear();
    schemas.clear();
    messages.clear();
  }

  private static List<String> snapshot(List<String> list) {
    // Not List.copyOf: a null message is kept as given rather than rejected.
    return Collections.unmodifiableList(new ArrayList<>(list));
  }
}
