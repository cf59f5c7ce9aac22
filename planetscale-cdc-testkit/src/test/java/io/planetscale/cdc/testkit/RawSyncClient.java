package io.planetscale.cdc.testkit;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain generated gRPC stub against the fake — deliberately not the SDK's client — so the
 * testkit's tests check the wire behaviour itself.
 */
final class RawSyncClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final ConnectGrpc.ConnectStub stub;

  RawSyncClient(FakePlanetScale fake) {
    this(fake, "fake-user", "fake-password", true);
  }

  RawSyncClient(FakePlanetScale fake, String user, String password, boolean trustFake) {
    ChannelCredentials credentials;
    if (fake.source().plaintext()) {
      credentials = InsecureChannelCredentials.create();
    } else {
      try {
        credentials = trustFake
            ? TlsChannelCredentials.newBuilder().trustManager(new ByteArrayInputStream(
                fake.certificatePem().getBytes(StandardCharsets.US_ASCII))).build()
            : TlsChannelCredentials.create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    channel = OkHttpChannelBuilder.forAddress("127.0.0.1", fake.port(), credentials)
        .maxInboundMessageSize(100 * 1024 * 1024).build();
    Metadata headers = new Metadata();
    if (user != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
          + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    stub = ConnectGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
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
    ConnectGrpc.ConnectStub call = deadline == null ? stub
        : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    call.sync(request, s);
    return s;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One open call: responses, then at most one terminal event, in a queue the test reads with deadlines. */
  static final class Stream implements ClientResponseObserver<SyncRequest, SyncResponse> {
    private static final Object COMPLETED = new Object();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<SyncRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<SyncRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(SyncResponse value) {
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
    SyncResponse next() throws InterruptedException {
      Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (e instanceof SyncResponse) {
        return (SyncResponse) e;
      }
      throw new AssertionError("expected a response, got " + (e == null ? "nothing within " + WAIT : e));
    }

    /** The next event within {@code wait}, or null. */
    Object poll(Duration wait) throws InterruptedException {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Responses until one matches (included). */
    List<SyncResponse> until(Predicate<SyncResponse> last) throws InterruptedException {
      List<SyncResponse> got = new ArrayList<>();
      SyncResponse r;
      do {
        r = next();
        got.add(r);
      } while (!last.test(r));
      return got;
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
}
