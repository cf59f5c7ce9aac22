package io.planetscale.cdc.examples.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * Routes grpc-java's logging into the command lines' own log output (SLF4J, which slf4j-simple
 * writes to stderr), one line per record and never a stack trace.
 *
 * <p>grpc-java logs through {@code java.util.logging}, whose default console handler prints, for an
 * unknown host, a WARNING "Failed to resolve name" with a stack trace on stderr, although the
 * command reports that very failure as its one error line. Here grpc's WARNING and INFO records
 * become SLF4J DEBUG and SEVERE ones WARN, so by default only a severe gRPC problem is shown (as
 * one line); {@code -Dorg.slf4j.simpleLogger.log.io.grpc=debug} shows the rest.
 *
 * <p>Only a command line's {@code main} calls this: logging is global, and a library (the SDK)
 * must leave it as its application configured it.
 */
public final class GrpcLogging {
  /** Held for good: JUL keeps loggers weakly, and a collected logger would forget this configuration. */
  private static final Logger GRPC = Logger.getLogger("io.grpc");

  private GrpcLogging() {}

  /** Sends the {@code io.grpc} loggers to SLF4J instead of the console; calling it again changes nothing. */
  public static synchronized void routeToSlf4j() {
    for (Handler h : GRPC.getHandlers()) {
      if (h instanceof Slf4jHandler) {
        return;
      }
    }
    org.slf4j.Logger target = LoggerFactory.getLogger(GRPC.getName());
    // Records SLF4J would drop are not even formatted: FINE and below only when tracing.
    GRPC.setLevel(target.isTraceEnabled() ? Level.ALL : target.isDebugEnabled() ? Level.INFO : Level.SEVERE);
    GRPC.setUseParentHandlers(false);
    GRPC.addHandler(new Slf4jHandler());
  }

  /**
   * The first line of a record's message, with its exception's type and message but no stack trace.
   * (grpc puts a Status, whose text carries its cause's stack trace, into some messages.)
   *
   * @param record a record
   * @return one line
   */
  static String oneLine(LogRecord record) {
    String message = new SimpleFormatter().formatMessage(record);
    if (record.getThrown() != null) {
      message += " (" + record.getThrown() + ")";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.replace('\r', ' ').replace('\t', ' ').strip();
  }

  /** Publishes each record to the SLF4J logger of the same name. */
  private static final class Slf4jHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      String name = record.getLoggerName() == null ? GRPC.getName() : record.getLoggerName();
      org.slf4j.Logger log = LoggerFactory.getLogger(name);
      int level = record.getLevel().intValue();
      if (level >= Level.SEVERE.intValue()) {
        if (log.isWarnEnabled()) {
          log.warn(oneLine(record));
        }
      } else if (level >= Level.INFO.intValue()) {
        if (log.isDebugEnabled()) {
          log.debug(oneLine(record));
        }
      } else if (log.isTraceEnabled()) {
        log.trace(oneLine(record));
      }
    }

    @Override
    public void flush() {
      // SLF4J's backend flushes its own output.
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }
}
