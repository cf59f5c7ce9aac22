package io.planetscale.cdc.testkit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.wire.internal.GrpcChannels;
import java.util.concurrent.TimeUnit;

/**
 * Discovery of a {@link FakePlanetScale} running in another process, through its private
 * {@link FakeDiscovery} call on the same port and with the same credentials as {@code Sync}.
 */
final class RemoteMysqlAccess {
  private RemoteMysqlAccess() {}

  static InMemoryMysqlAccess open(PlanetScaleSource source) {
    ManagedChannel channel = GrpcChannels.open(source, 4 << 20, null, null);
    return new InMemoryMysqlAccess(s -> {
      try {
        return FakeSchema.fromJson(ClientCalls.blockingUnaryCall(channel, FakeDiscovery.DESCRIBE,
            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), ""));
      } catch (StatusRuntimeException e) {
        throw failure(s, e.getStatus());
      }
    }, channel::shutdownNow);
  }

  private static PlanetScaleCdcException failure(PlanetScaleSource source, Status status) {
    String message = "discovering the fake PlanetScale at " + source.host() + " failed: " + status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
    switch (status.getCode()) {
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return new AuthenticationException(message, status.asRuntimeException());
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        return new ConnectionException(message, status.asRuntimeException());
      default:
        return new PlanetScaleCdcException(message, status.asRuntimeException());
    }
  }
}
