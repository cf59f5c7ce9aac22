package io.planetscale.cdc.examples.singer;

import java.io.PrintStream;

/** Log lines on stderr in the Go tap's shape: {@code PlanetScale Tap : INFO : <message>}. */
final class TapLog {
  private static final String COMPONENT = "PlanetScale Tap";

  private final PrintStream err;

  TapLog(PrintStream err) {
    this.err = err;
  }

  void info(String message) {
    line("INFO : " + message);
  }

  void error(String message) {
    line("ERROR : " + message);
  }

  private synchronized void line(String text) {
    // One line per message: a multi-line cause must not look like several log lines.
    err.print(COMPONENT + " : " + text.replace("\r", "").replace('\n', ' ') + "\n");
    err.flush();
  }
}
