package io.planetscale.cdc.testkit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.okhttp.OkHttpServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The gRPC server under a {@link FakePlanetScale}: OkHttp on {@code 127.0.0.1} and a free port,
 * plaintext or TLS with a certificate generated at start, and the daemon threads that serve streams.
 * {@link #close()} returns once every one of those threads has ended.
 */
final class FakeServer {
  private final String name;
  private final boolean tls;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private SelfSignedCertificate certificate;
  private ExecutorService streams;
  private Server server;
  private boolean closed;

  FakeServer(String name, boolean tls) {
    this.name = name;
    this.tls = tls;
  }

  /**
   * @param services the services to serve, given the executor their streams run on
   * @throws UncheckedIOException if the server cannot bind
   * @throws IllegalStateException if already started
   */
  synchronized void start(Function<ExecutorService, List<ServerServiceDefinition>> services) {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "fake-planetscale-" + name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      threads.add(t);
      return t;
    };
    streams = Executors.newCachedThreadPool(factory);
    ServerCredentials credentials = InsecureServerCredentials.create();
    if (tls) {
      certificate = SelfSignedCertificate.generate();
      credentials = TlsServerCredentials.newBuilder().keyManager(certificate.keyManagers()).build();
    }
    OkHttpServerBuilder builder = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0), credentials)
        .executor(streams);
    for (ServerServiceDefinition service : services.apply(streams)) {
      builder.addService(service);
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      streams.shutdownNow();
      throw new UncheckedIOException("FakePlanetScale could not start", e);
    }
  }

  /** Stops the server, ends every open stream and waits (a few seconds at most) for every thread. */
  synchronized void close() {
    if (server == null || closed) {
      return;
    }
    closed = true;
    // The server first: its transports still hand work (call cancellations) to the executor while
    // they shut down, so the executor must accept work until the server has terminated.
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      streams.shutdownNow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      streams.awaitTermination(5, TimeUnit.SECONDS);
      // A terminated executor's workers may still be on their way out; wait until they are gone.
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      streams.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("FakePlanetScale is not started; call start() first");
    }
    return server.getPort();
  }

  synchronized String certificatePem() {
    if (certificate == null) {
      throw new IllegalStateException(tls ? "FakePlanetScale is not started" : "TLS is off for this FakePlanetScale");
    }
    return certificate.certificatePem();
  }
}
