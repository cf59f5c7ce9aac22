package io.planetscale.cdc.testkit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code psdbconnect.v1alpha1.Connect}: records each request and serves it on a stream thread. */
final class SyncService extends ConnectGrpc.ConnectImplBase {
  private final FakePlanetScale fake;
  private final Faults faults;
  private final ExecutorService streams;
  private final int rowsPerResponse;
  private final List<RecordedRequest> requests;

  SyncService(FakePlanetScale fake, Faults faults, ExecutorService streams, int rowsPerResponse,
      List<RecordedRequest> requests) {
    this.fake = fake;
    this.faults = faults;
    this.streams = streams;
    this.rowsPerResponse = rowsPerResponse;
    this.requests = requests;
  }

  @Override
  public void sync(SyncRequest request, StreamObserver<SyncResponse> responseObserver) {
    requests.add(record(request));
    ServerCallStreamObserver<SyncResponse> out = (ServerCallStreamObserver<SyncResponse>) responseObserver;
    // Handlers must be registered before this method returns; the stream's constructor does that.
    SyncStream stream = new SyncStream(request, out, fake, faults, rowsPerResponse);
    try {
      streams.execute(stream);
    } catch (RejectedExecutionException e) {
      out.onError(Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException());
    }
  }

  private static RecordedRequest record(SyncRequest r) {
    TabletType tabletType;
    try {
      tabletType = TabletType.fromWireValue(r.getTabletTypeValue());
    } catch (IllegalArgumentException e) {
      tabletType = null; // recorded as unknown; the fake serves every tablet type alike
    }
    io.planetscale.cdc.TableCursor cursor;
    try {
      cursor = ProtoCodec.fromProto(r.getCursor());
    } catch (IllegalArgumentException e) {
      cursor = io.planetscale.cdc.TableCursor.of(r.getCursor().getShard(), r.getCursor().getKeyspace(),
          r.getCursor().getPosition());
    }
    Deadline deadline = Context.current().getDeadline();
    return new RecordedRequest(r.getTableName(), cursor, tabletType, r.getIncludeInserts(), r.getIncludeUpdates(),
        r.getIncludeDeletes(), r.getColumnsList(), r.getCellsList(),
        deadline == null ? null : Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
  }
}
