package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns one VStream call's events into responses. Events are added in stream order; a chunk ends
 * where vttablet would end one send ({@link #endChunk}), and each chunk becomes one response, as
 * vtgate forwards them; a chunk that reaches vttablet's packet size ({@link VStreamSettings#maxResponseBytes})
 * goes out at once, so a transaction of any size spans many bounded responses. {@link VStreamSettings}
 * may split long chunks further or pack several into one.
 * Sending waits for gRPC readiness (a slow client does not grow the server's memory) and applies the
 * call's {@link VStreamFaults}. Used by the call's thread only.
 */
final class VStreamOutput {
  /** Thrown when a fault ends the call cleanly: the caller completes the stream. */
  static final class Completed extends RuntimeException {
    Completed() {
      super("completed by fault injection", null, false, false);
    }
  }

  /** Thrown when a fault makes the call go silent before its idle end. */
  static final class Silence extends RuntimeException {
    final Duration duration;

    Silence(Duration duration) {
      super("silent by fault injection", null, false, false);
      this.duration = duration;
    }
  }

  private final ServerCallStreamObserver<VStreamResponse> out;
  private final VStreamSettings settings;
  private final VStreamFaults faults;
  private final Object monitor;
  private final BooleanSupplier cancelled;
  private final List<VEvent> pending = new ArrayList<>();
  private long pendingBytes;
  private long responses;
  private long lastSendNanos = System.nanoTime();

  /**
   * @param monitor notified when the client becomes ready or cancels
   */
  VStreamOutput(ServerCallStreamObserver<VStreamResponse> out, VStreamSettings settings, VStreamFaults faults,
      Object monitor, BooleanSupplier cancelled) {
    this.out = out;
    this.settings = settings;
    this.faults = faults;
    this.monitor = monitor;
    this.cancelled = cancelled;
  }

  /** Appends an event; a response that reaches the most events or bytes allowed goes out at once. */
  void add(VEvent event) throws InterruptedException {
    pending.add(event);
    pendingBytes += event.getSerializedSize();
    if (pending.size() >= settings.maxEventsPerResponse() || pendingBytes >= settings.maxResponseBytes()) {
      flush();
    }
  }

  /** Ends a vttablet send: the response goes out, unless transactions are packed. */
  void endChunk() throws InterruptedException {
    if (!settings.packTransactions()) {
      flush();
    }
  }

  /** Sends what is pending. */
  void flush() throws InterruptedException {
    if (!pending.isEmpty()) {
      List<VEvent> events = List.copyOf(pending);
      pending.clear();
      pendingBytes = 0;
      deliver(events);
      VEvent vgtid = lastVgtid(events);
      for (int n = faults.vgtidRepeats(); vgtid != null && n > 1; n--) {
        deliver(List.of(vgtid));
      }
    }
  }

  /** vtgate's heartbeat, alone in its response. */
  void heartbeat() throws InterruptedException {
    flush();
    deliver(List.of(VEvents.heartbeat()));
  }

  long lastSendNanos() {
    return lastSendNanos;
  }

  private void deliver(List<VEvent> events) throws InterruptedException {
    StatusRuntimeException injected = faults.beforeResponse(responses);
    if (injected != null) {
      throw injected;
    }
    synchronized (monitor) {
      while (!out.isReady() && !cancelled.getAsBoolean()) {
        monitor.wait(100); // woken by the on-ready handler; the timeout only guards against a missed signal
      }
    }
    if (cancelled.getAsBoolean()) {
      throw Status.CANCELLED.withDescription("cancelled by the client").asRuntimeException();
    }
    out.onNext(VStreamResponse.newBuilder().addAllEvents(events).build());
    responses++;
    lastSendNanos = System.nanoTime();
    if (faults.completeAfter(responses)) {
      throw new Completed();
    }
    Duration silence = faults.idleAfter(responses);
    if (silence != null) {
      throw new Silence(silence);
    }
  }

  private static VEvent lastVgtid(List<VEvent> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).getType() == VEventType.VGTID) {
        return events.get(i);
      }
    }
    return null;
  }
}
