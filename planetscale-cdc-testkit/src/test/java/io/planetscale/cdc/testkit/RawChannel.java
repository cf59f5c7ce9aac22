package io.planetscale.cdc.testkit;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A plain OkHttp channel to the fake (plaintext or TLS, as the fake serves) with a hand-made
 * {@code authorization: Basic} header — deliberately not the SDK's channel — that
 * {@link RawSyncClient} and {@link RawVStreamClient} put their generated stubs on.
 */
final class RawChannel implements AutoCloseable {
  private final ManagedChannel channel;
  private final Metadata headers = new Metadata();

  /**
   * @param user null to send no authorization header
   * @param trustFake trust the fake's certificate (else only the JDK's trust store)
   */
  RawChannel(FakePlanetScale fake, String user, String password, boolean trustFake) {
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
    if (user != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
          + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** A stub on this channel that sends the authorization header, e.g. {@code stub(VitessGrpc::newStub)}. */
  <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub) {
    return newStub.apply(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The stub, with {@code deadline} from now when there is one. */
  static <S extends AbstractStub<S>> S withDeadline(S stub, Duration deadline) {
    return deadline == null ? stub : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
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
}
