package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import java.util.concurrent.TimeUnit;

/**
 * The answer to a short probe call: it tells whether the server is reachable and accepted the
 * credentials, whatever it thinks of the request itself (servers check credentials first).
 */
final class ConnectionCheck {
  private ConnectionCheck() {}

  /**
   * Reads the probe's first answer and cancels it.
   *
   * @param host the server, for messages (never credentials)
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws ConnectionException if the server cannot be reached or does not answer in time
   */
  static void check(StreamCall<?> probe, long timeoutNanos, String host) {
    try {
      Object first = probe.read(timeoutNanos + TimeUnit.SECONDS.toNanos(5));
      Status end = probe.end();
      if (first == null && end == null) {
        throw new ConnectionException("connecting to " + host + " failed: no answer");
      }
      if (first == null && !end.isOk()) {
        switch (end.getCode()) {
          case UNAUTHENTICATED:
          case PERMISSION_DENIED:
          case UNAVAILABLE:
          case DEADLINE_EXCEEDED:
            throw StatusClassifier.toException("connecting to " + host, end);
          default:
            break; // the server looked at the request: it is reachable and accepted the credentials
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlanetScaleCdcException("interrupted while connecting to " + host, e);
    } finally {
      probe.cancel();
    }
  }
}
