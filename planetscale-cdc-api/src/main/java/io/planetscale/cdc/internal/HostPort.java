package io.planetscale.cdc.internal;

import io.planetscale.cdc.ConfigurationException;

/**
 * A host as a source's settings give it, optionally followed by {@code :port}, split into its name and port. An
 * IPv6 literal's colons are no port: {@code [::1]:443} has port 443, {@code [::1]} and {@code ::1} have none.
 * Shared by the sources of every transport, so that they read a host the same way. Internal: not API.
 */
public final class HostPort {
  private HostPort() {}

  /**
   * The host without its {@code :port}.
   *
   * @param host a host name, IPv4 or IPv6 literal, optionally with {@code :port}
   * @return the host name or literal
   */
  public static String name(String host) {
    int colon = separator(host);
    return colon < 0 ? host : host.substring(0, colon);
  }

  /**
   * The host's {@code :port}.
   *
   * @param host a host name, IPv4 or IPv6 literal, optionally with {@code :port}
   * @return the port, or 0 when the host has none
   * @throws ConfigurationException naming the host if its port is not a number from 1 to 65535
   */
  public static int port(String host) {
    int colon = separator(host);
    if (colon < 0) {
      return 0;
    }
    String digits = host.substring(colon + 1);
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ConfigurationException("host: the port in \"" + host + "\" is not a number");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new ConfigurationException("host: the port in \"" + host + "\" must be between 1 and 65535");
    }
    return port;
  }

  /** The colon before the port, or -1: after a bracketed literal, or the only colon of the host. */
  private static int separator(String host) {
    int colon = host.lastIndexOf(':');
    if (colon <= 0) {
      return -1;
    }
    if (host.startsWith("[")) {
      return host.indexOf(']') < colon ? colon : -1;
    }
    return host.indexOf(':') == colon ? colon : -1; // several colons: a bare IPv6 literal
  }
}
