package io.planetscale.cdc.examples.cli;

import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.planetscale.cdc.PlanetScaleSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on loopback that answers every call, whatever its method, with UNAUTHENTICATED and
 * records the method's full name: it shows which protocol a client speaks without serving it.
 */
final class ProbeServer implements AutoCloseable {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final List<String> methods = new CopyOnWriteArrayList<>();
  private final Server server;

  ProbeServer() {
    HandlerRegistry anyMethod = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(methodName)
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return ServerMethodDefinition.create(method, (ServerCall<byte[], byte[]> call, Metadata headers) -> {
          methods.add(methodName);
          call.close(Status.UNAUTHENTICATED.withDescription("probe server"), new Metadata());
          return new ServerCall.Listener<>() {};
        });
      }
    };
    try {
      server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
          .fallbackHandlerRegistry(anyMethod).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("the probe server could not start", e);
    }
  }

  /** @return a plaintext source pointing at this server, database {@code shop} */
  PlanetScaleSource source() {
    return PlanetScaleSource.builder().host("127.0.0.1:" + server.getPort()).database("shop").username("u")
        .password("p").plaintext(true).build();
  }

  /** @return the full names of the methods called so far, oldest first */
  List<String> methods() {
    return List.copyOf(methods);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
