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
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
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
 * A plain generated {@code vtgateservice.Vitess} stub against the fake over OkHttp (plaintext or TLS,
 * as the fake serves) — deliberately not the SDK's client — so the tests check the wire itself.
 */
final class RawVStreamClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final VitessGrpc.VitessStub stub;

  RawVStreamClient(FakePlanetScale fake) {
    this(fake, "fake-user", "fake-password");
  }

  RawVStreamClient(FakePlanetScale fake, String user, String password) {
    ChannelCredentials credentials;
    if (fake.source().plaintext()) {
      credentials = InsecureChannelCredentials.create();
    } else {
      try {
        credentials = TlsChannelCredentials.newBuilder().trustManager(new ByteArrayInputStream(
            fake.certificatePem().getBytes(StandardCharsets.US_ASCII))).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    channel = OkHttpChannelBuilder.forAddress("127.0.0.1", fake.port(), credentials)
        .maxInboundMessageSize(100 * 1024 * 1024).build();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    stub = VitessGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** What PlanetScale's connectors send: one table on one shard, {@code SELECT * FROM `t`}, PRIMARY. */
  static VStreamRequest.Builder request(FakePlanetScale fake, String table, String shard, String gtid) {
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY)
        .setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace(fake.keyspace())
            .setShard(shard).setGtid(gtid)))
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(table)
            .setFilter("SELECT * FROM `" + table + "`")))
        .setFlags(VStreamFlags.newBuilder().setMinimizeSkew(true).setCells("planetscale_operator_default"));
  }

  /** Every table ({@code /.*}) on the given shards, each at {@code gtid}. */
  static VStreamRequest.Builder allTables(FakePlanetScale fake, String gtid, String... shards) {
    VGtid.Builder vgtid = VGtid.newBuilder();
    for (String shard : shards) {
      vgtid.addShardGtids(ShardGtid.newBuilder().setKeyspace(fake.keyspace()).setShard(shard).setGtid(gtid));
    }
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY).setVgtid(vgtid)
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch("/.*")));
  }

  Stream open(VStreamRequest request) {
    return open(request, null);
  }

  Stream open(VStreamRequest request, Duration deadline) {
    Stream s = new Stream();
    (deadline == null ? stub : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS))
        .vStream(request, s);
    return s;
  }

  Stream open(VStreamRequest.Builder request) {
    return open(request.build());
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
  static final class Stream implements ClientResponseObserver<VStreamRequest, VStreamResponse> {
    static final Object COMPLETED = new Object();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<VStreamRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<VStreamRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(VStreamResponse value) {
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
    VStreamResponse next() throws InterruptedException {
      Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (e instanceof VStreamResponse) {
        return (VStreamResponse) e;
      }
      throw new AssertionError("expected a response, got " + (e == null ? "nothing within " + WAIT : e));
    }

    /** The next {@code n} responses. */
    List<VStreamResponse> next(int n) throws InterruptedException {
      List<VStreamResponse> got = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        got.add(next());
      }
      return got;
    }

    /** Responses until one matches (included). */
    List<VStreamResponse> until(Predicate<VStreamResponse> last) throws InterruptedException {
      List<VStreamResponse> got = new ArrayList<>();
      VStreamResponse r;
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
}
