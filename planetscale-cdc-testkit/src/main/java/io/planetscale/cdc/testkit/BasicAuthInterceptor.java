package io.planetscale.cdc.testkit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks {@code authorization: Basic base64(user:pass)} as PlanetScale does; anything else is
 * {@code UNAUTHENTICATED}. The header is never echoed back or logged.
 */
final class BasicAuthInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;
  private final Faults faults;

  BasicAuthInterceptor(String username, String password, Faults faults) {
    this.expected = header(username, password).getBytes(StandardCharsets.US_ASCII);
    this.faults = faults;
  }

  static String header(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String given = headers.get(AUTHORIZATION);
    boolean ok = given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
    if (!ok || faults.rejectingCredentials()) {
      call.close(Status.UNAUTHENTICATED.withDescription(given == null ? "missing authorization header"
          : "invalid username or password"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
