package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.List;

/** A {@link SyncLogger} keeping messages and schemas, like singer-tap's {@code testSingerLogger}. */
final class CapturingLogger implements SyncLogger {
  final List<String> infos = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  final List<Stream> schemas = new ArrayList<>();

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void error(String message) {
    errors.add(message);
  }

  @Override
  public void streamSchema(Stream stream) {
    schemas.add(stream);
  }
}
