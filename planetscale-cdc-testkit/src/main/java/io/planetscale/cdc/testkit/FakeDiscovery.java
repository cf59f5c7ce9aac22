package io.planetscale.cdc.testkit;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A private unary call on the fake's port that returns its {@link FakeSchema} as JSON, so that a
 * program in another process (a command line under test) can discover the fake's tables through
 * {@link FakeMysqlAccessProvider}. Not part of any PlanetScale API; checked by the same Basic auth.
 */
final class FakeDiscovery {
  static final MethodDescriptor<String, String> DESCRIBE = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("planetscale.cdc.testkit.v1.Discovery", "Describe"))
      .setRequestMarshaller(Utf8.INSTANCE)
      .setResponseMarshaller(Utf8.INSTANCE)
      .build();

  private FakeDiscovery() {}

  static ServerServiceDefinition service(FakePlanetScale fake) {
    return ServerServiceDefinition.builder("planetscale.cdc.testkit.v1.Discovery")
        .addMethod(DESCRIBE, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(fake.schema().toJson());
          response.onCompleted();
        }))
        .build();
  }

  /** Strings as UTF-8 bytes: the call carries JSON, no protobuf needed. */
  private enum Utf8 implements MethodDescriptor.Marshaller<String> {
    INSTANCE;

    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
