package io.planetscale.cdc.wire.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Builds the grpc-okhttp channel the SDK's transports use, with its auth header. Internal: not API,
 * shared by the grpc module and the testkit.
 */
public final class GrpcChannels {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcChannels() {}

  /**
   * TLS with hostname verification against the JDK trust store by default; only the PEM
   * certificates of {@link PlanetScaleSource#trustedCertificatesPem()} when given; plaintext only
   * when {@link PlanetScaleSource#plaintext()} asks for it.
   *
   * @param source where to connect, with which credentials and trust
   * @param maxInboundMessageSize the largest response message accepted, in bytes
   * @param keepAliveTime the keepalive ping interval, or null for none
   * @param keepAliveTimeout how long a keepalive ping may go unanswered (used with {@code keepAliveTime})
   * @return the channel (lazy: it connects on the first call)
   */
  public static ManagedChannel open(PlanetScaleSource source, int maxInboundMessageSize, Duration keepAliveTime,
      Duration keepAliveTimeout) {
    ChannelCredentials credentials;
    if (source.plaintext()) {
      credentials = InsecureChannelCredentials.create();
    } else if (source.trustedCertificatesPem() != null) {
      try {
        credentials = TlsChannelCredentials.newBuilder().trustManager(new ByteArrayInputStream(
            source.trustedCertificatesPem().getBytes(StandardCharsets.US_ASCII))).build();
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigurationException("trustedCertificatesPem: not valid PEM certificates: " + e.getMessage(), e);
      }
    } else {
      credentials = TlsChannelCredentials.create();
    }
    OkHttpChannelBuilder builder = OkHttpChannelBuilder.forAddress(source.hostName(), source.grpcPort(), credentials)
        .maxInboundMessageSize(maxInboundMessageSize)
        .intercept(new BasicAuth(source.username(), source.password()));
    if (keepAliveTime != null) {
      builder.keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveWithoutCalls(false);
    }
    return builder.build();
  }

  /** Adds {@code authorization: Basic base64(user:pass)} to every call; never logs it. */
  private static final class BasicAuth implements ClientInterceptor {
    private final String header;

    BasicAuth(String username, String password) {
      this.header = "Basic " + Base64.getEncoder().encodeToString(
          (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
        Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
        @Override
        public void start(Listener<R> responseListener, Metadata headers) {
          headers.put(AUTHORIZATION, header);
          super.start(responseListener, headers);
        }
      };
    }

    @Override
    public String toString() {
      return "BasicAuth{<redacted>}";
    }
  }
}
