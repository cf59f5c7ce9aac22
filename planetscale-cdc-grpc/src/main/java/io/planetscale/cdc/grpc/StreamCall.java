package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One server-streaming call on an async stub, read by one thread with a typed {@link #read}.
 * Responses are requested one at a time (manual flow control), so a slow consumer holds back the
 * server instead of growing a buffer: memory stays bounded whatever the table size.
 *
 * @param <R> the response message
 */
final class StreamCall<R> {
  private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(8);
  private volatile ClientCallStreamObserver<?> call;
  /** How the call ended: OK when the server completed it; null while it is open. Read by the reading thread. */
  private Status end;

  private StreamCall() {}

  /**
   * Starts a call.
   *
   * @param method the stub's method, e.g. {@code stub::sync}
   * @param request the request
   */
  static <Q, R> StreamCall<R> open(BiConsumer<Q, StreamObserver<R>> method, Q request) {
    StreamCall<R> c = new StreamCall<>();
    method.accept(request, c.new Observer<Q>());
    return c;
  }

  /**
   * The next response, waiting at most {@code timeoutNanos}. Null if none came in time or the call
   * has ended: then {@link #end()} says which. Taking a response asks the server for the next one.
   */
  @SuppressWarnings("unchecked")
  R read(long timeoutNanos) throws InterruptedException {
    if (end != null) {
      return null;
    }
    Object e = events.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (e instanceof Status) {
      end = (Status) e;
      return null;
    }
    if (e != null) {
      call.request(1);
    }
    return (R) e;
  }

  /** How the call ended (OK: the server completed it), or null if it is still open. */
  Status end() {
    return end;
  }

  /** Cancels the call; harmless once it ended. */
  void cancel() {
    ClientCallStreamObserver<?> c = call;
    if (c != null) {
      c.cancel("the client has what it needs", null);
    }
  }

  private final class Observer<Q> implements ClientResponseObserver<Q, R> {
    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(2); // one response in hand, one on the way
    }

    @Override
    public void onNext(R value) {
      events.add(value); // at most two outstanding requests, so there is room
    }

    @Override
    public void onError(Throwable t) {
      events.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      events.add(Status.OK);
    }
  }
}
