package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import java.time.Duration;

/**
 * A plain generated gRPC stub against the fake — deliberately not the SDK's client — so the
 * testkit's tests check the wire behaviour itself.
 */
final class RawSyncClient implements AutoCloseable {
  static final Duration WAIT = RawCall.WAIT;

  private final RawChannel channel;
  private final ConnectGrpc.ConnectStub stub;

  RawSyncClient(FakePlanetScale fake) {
    this(fake, "fake-user", "fake-password", true);
  }

  /**
   * @param user null to send no authorization header
   * @param trustFake trust the fake's certificate (else only the JDK's trust store)
   */
  RawSyncClient(FakePlanetScale fake, String user, String password, boolean trustFake) {
    channel = new RawChannel(fake, user, password, trustFake);
    stub = channel.stub(ConnectGrpc::newStub);
  }

  static SyncRequest.Builder request(FakePlanetScale fake, String table, String shard, String position) {
    return SyncRequest.newBuilder().setTableName(table).setCursor(TableCursor.newBuilder().setShard(shard)
        .setKeyspace(fake.keyspace()).setPosition(position));
  }

  Stream open(SyncRequest request) {
    return open(request, null);
  }

  Stream open(SyncRequest request, Duration deadline) {
    Stream s = new Stream();
    RawChannel.withDeadline(stub, deadline).sync(request, s);
    return s;
  }

  @Override
  public void close() {
    channel.close();
  }

  /** One open {@code Sync} call. */
  static final class Stream extends RawCall<SyncRequest, SyncResponse> {
    Stream() {
      super(SyncResponse.class);
    }
  }
}
