package io.planetscale.cdc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link SyncLogger#slf4j()}. */
enum Slf4jSyncLogger implements SyncLogger {
  INSTANCE;

  private static final Logger LOG = LoggerFactory.getLogger("io.planetscale.cdc.sync");

  @Override
  public void info(String message) {
    LOG.info(message);
  }

  @Override
  public void error(String message) {
    LOG.error(message);
  }

  @Override
  public void streamSchema(Stream stream) {
    LOG.debug("schema of stream \"{}\": {}", stream.name(), stream.schema().properties().keySet());
  }
}
