package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One open server-streaming call of a raw test client: responses, then at most one terminal event,
 * in a queue the test reads with deadlines.
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
class RawCall<Q, R> implements ClientResponseObserver<Q, R> {
  /** How long the reads below wait for an event before failing the test. */
  static final Duration WAIT = Duration.ofSeconds(10);
  /** The event of a call the server completed. */
  static final Object COMPLETED = new Object();

  private final Class<R> responseType;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private volatile ClientCallStreamObserver<Q> call;

  RawCall(Class<R> responseType) {
    this.responseType = responseType;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    call = requestStream;
  }

  @Override
  public void onNext(R value) {
    events.add(value);
  }

  @Override
  public void onError(Throwable t) {
    events.add(t);
  }

  @Override
  public void onCompleted() {
    events.add(COMPLETED);
  }

  /** The next response; fails if the stream ends or nothing arrives in time. */
  R next() throws InterruptedException {
    Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (responseType.isInstance(e)) {
      return responseType.cast(e);
    }
    throw new AssertionError("expected a response, got " + (e == null ? "nothing within " + WAIT : e));
  }

  /** The next {@code n} responses. */
  List<R> next(int n) throws InterruptedException {
    List<R> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      got.add(next());
    }
    return got;
  }

  /** Responses until one matches (included). */
  List<R> until(Predicate<R> last) throws InterruptedException {
    List<R> got = new ArrayList<>();
    R r;
    do {
      r = next();
      got.add(r);
    } while (!last.test(r));
    return got;
  }

  /** The next event (response, error or {@link #COMPLETED}) within {@code wait}, or null. */
  Object poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The status the stream ends with, skipping any responses before it. */
  Status error() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Object e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e instanceof StatusRuntimeException) {
        return ((StatusRuntimeException) e).getStatus();
      }
      if (e instanceof Throwable) {
        return Status.fromThrowable((Throwable) e);
      }
      if (e == COMPLETED) {
        throw new AssertionError("stream completed without an error");
      }
    }
    throw new AssertionError("no error within " + WAIT);
  }

  void cancel() {
    call.cancel("test done", null);
  }
}
