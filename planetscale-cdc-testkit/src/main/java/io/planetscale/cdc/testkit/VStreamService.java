package io.planetscale.cdc.testkit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code vtgateservice.Vitess}: records each VStream request and serves it on a stream thread. */
final class VStreamService extends VitessGrpc.VitessImplBase {
  private final FakePlanetScale fake;
  private final VStreamSettings settings;
  private final VStreamFaults faults;
  private final ExecutorService streams;
  private final List<RecordedVStreamRequest> requests;

  VStreamService(FakePlanetScale fake, VStreamSettings settings, VStreamFaults faults, ExecutorService streams,
      List<RecordedVStreamRequest> requests) {
    this.fake = fake;
    this.settings = settings;
    this.faults = faults;
    this.streams = streams;
    this.requests = requests;
  }

  @Override
  public void vStream(VStreamRequest request, StreamObserver<VStreamResponse> responseObserver) {
    Deadline deadline = Context.current().getDeadline();
    requests.add(RecordedVStreamRequest.of(request,
        deadline == null ? null : Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS))));
    ServerCallStreamObserver<VStreamResponse> out = (ServerCallStreamObserver<VStreamResponse>) responseObserver;
    // Handlers must be registered before this method returns; the call's constructor does that.
    VStreamCall call = new VStreamCall(request, out, fake, settings, faults);
    try {
      streams.execute(call);
    } catch (RejectedExecutionException e) {
      out.onError(Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException());
    }
  }
}
