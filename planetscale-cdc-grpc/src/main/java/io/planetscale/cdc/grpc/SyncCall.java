package io.planetscale.cdc.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One server-streaming {@code Sync} call on the async stub, read by the calling thread. Responses
 * are requested one at a time (manual flow control), so a slow consumer holds back the server
 * instead of growing a buffer: memory stays bounded whatever the table size.
 */
final class SyncCall implements ClientResponseObserver<SyncRequest, SyncResponse> {
  /** The end of the stream: the server completed it. */
  static final Object COMPLETED = new Object();

  private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(8);
  private volatile ClientCallStreamObserver<SyncRequest> call;

  private SyncCall() {}

  static SyncCall open(ConnectGrpc.ConnectStub stub, SyncRequest request) {
    SyncCall c = new SyncCall();
    stub.sync(request, c);
    return c;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SyncRequest> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(2); // one response in hand, one on the way
  }

  @Override
  public void onNext(SyncResponse value) {
    events.add(value); // at most two outstanding requests, so there is room
  }

  @Override
  public void onError(Throwable t) {
    events.add(t);
  }

  @Override
  public void onCompleted() {
    events.add(COMPLETED);
  }

  /**
   * The next event: a {@link SyncResponse}, a {@link Throwable}, or {@link #COMPLETED}; null if none
   * came within the timeout. Taking a response asks the server for the next one.
   */
  Object poll(long timeoutNanos) throws InterruptedException {
    Object e = events.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (e instanceof SyncResponse) {
      call.request(1);
    }
    return e;
  }

  void cancel() {
    ClientCallStreamObserver<SyncRequest> c = call;
    if (c != null) {
      c.cancel("the client has what it needs", null);
    }
  }
}
