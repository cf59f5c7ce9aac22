package io.planetscale.cdc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.ManagedChannel;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A client that reads slowly holds the server back instead of growing its memory. */
class VStreamFlowControlTest {

  @Test
  void theCopyWaitsForAClientThatStopsReading() throws Exception {
    int n = 10_000;
    int batchRows = 200;
    try (Env env = new Env(FakePlanetScale.builder())) {
      env.fake.createTable(TableSpec.builder("big").column("id", "bigint").column("v", "varchar(255)")
          .primaryKey("id").build());
      List<Map<String, Object>> rows = new ArrayList<>(n);
      String padding = "x".repeat(200);
      for (long id = 1; id <= n; id++) {
        rows.add(Map.of("id", id, "v", padding + id));
      }
      env.fake.insertAll("big", rows);
      AtomicLong batches = new AtomicLong();
      env.fake.vstream().copyBatchRows(batchRows).beforeCopyBatch((shard, table, sent) -> batches.incrementAndGet());

      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", env.fake.port()).usePlaintext()
          .build();
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            BasicAuthInterceptor.header("fake-user", "fake-password"));
        SlowReader reader = new SlowReader();
        VitessGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .vStream(RawVStreamClient.request(env.fake, "big", "-", "").build(), reader);
        assertThat(reader.responses.poll(10, TimeUnit.SECONDS)).isNotNull();

        long total = n / batchRows + 1; // the last call finds the table's end
        long stalled = awaitStable(batches);
        assertThat(stalled).as("the server stopped producing while the client did not read").isLessThan(total / 2);

        reader.call.request(Integer.MAX_VALUE);
        long copied = 0;
        boolean done = false;
        while (!done) {
          VStreamResponse r = reader.responses.poll(10, TimeUnit.SECONDS);
          assertThat(r).as("responses keep coming once the client reads").isNotNull();
          for (VEvent e : r.getEventsList()) {
            copied += e.getType() == VEventType.ROW ? 1 : 0;
            done |= e.getType() == VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty();
          }
        }
        assertThat(copied).isEqualTo(n - rowsIn(reader.first));
        reader.call.cancel("done", null);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static long rowsIn(VStreamResponse r) {
    return r == null ? 0 : r.getEventsList().stream().filter(e -> e.getType() == VEventType.ROW).count();
  }

  /** Waits (at most 10 s) until the counter has not moved for 300 ms, and returns it. */
  private static long awaitStable(AtomicLong counter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = counter.get();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      long now = counter.get();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(300)) {
        return now;
      }
    }
    throw new AssertionError("the server never stopped producing: " + last + " batches");
  }

  /** Asks for one response and then none until told. */
  private static final class SlowReader implements ClientResponseObserver<VStreamRequest, VStreamResponse> {
    final BlockingQueue<VStreamResponse> responses = new LinkedBlockingQueue<>();
    volatile ClientCallStreamObserver<VStreamRequest> call;
    volatile VStreamResponse first;

    @Override
    public void beforeStart(ClientCallStreamObserver<VStreamRequest> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(VStreamResponse value) {
      if (first == null) {
        first = value;
      }
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      // the test cancels at the end
    }

    @Override
    public void onCompleted() {
    }
  }
}
