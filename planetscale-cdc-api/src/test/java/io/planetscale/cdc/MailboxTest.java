package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded queue between a read running ahead and the delivering thread. */
class MailboxTest {
  @Test
  void callsComeOutInOrderThenTheEnd() throws Exception {
    Mailbox box = new Mailbox(10);
    List<Integer> ran = new ArrayList<>();
    box.run(() -> ran.add(1), 3);
    box.run(() -> ran.add(2), 3);
    box.end(null);
    for (Runnable call = box.take(); call != null; call = box.take()) {
      call.run();
    }
    assertThat(ran).containsExactly(1, 2);
    assertThat(box.take()).isNull();
  }

  @Test
  void aFullMailboxHoldsTheReadUntilRowsAreTaken() throws Exception {
    Mailbox box = new Mailbox(10);
    box.run(() -> { }, 8);
    Thread reader = new Thread(() -> box.run(() -> { }, 5), "blocked-read");
    reader.start();
    // The read waits for room: 8 + 5 rows exceed the capacity of 10.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(reader.getState()).isEqualTo(Thread.State.WAITING);
    assertThat(box.take()).isNotNull(); // frees 8 rows
    reader.join(10_000);
    assertThat(reader.isAlive()).isFalse();
    assertThat(box.take()).isNotNull();
  }

  @Test
  void oneCallLargerThanTheCapacityIsAcceptedWhenNothingWaits() {
    Mailbox box = new Mailbox(10);
    CompletableFuture<Void> put = CompletableFuture.runAsync(() -> box.run(() -> { }, 50));
    assertThat(put).succeedsWithin(java.time.Duration.ofSeconds(10));
  }

  @Test
  void theReadsFailureComesAfterItsCalls() throws Exception {
    Mailbox box = new Mailbox(10);
    List<String> ran = new ArrayList<>();
    box.run(() -> ran.add("record"), 1);
    box.end(new PlanetScaleCdcException("stream broke"));
    box.take().run();
    assertThat(ran).containsExactly("record");
    assertThatThrownBy(box::take).isInstanceOf(PlanetScaleCdcException.class).hasMessage("stream broke");
  }

  @Test
  void anErrorIsThrownAsItIs() {
    Mailbox box = new Mailbox(10);
    box.end(new OutOfMemoryError("test"));
    assertThatThrownBy(box::take).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void anInterruptedReadStopsWaitingWithAClearError() throws Exception {
    Mailbox box = new Mailbox(1);
    box.run(() -> { }, 1);
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        box.run(() -> { }, 1);
        failure.complete(null);
      } catch (Throwable t) {
        failure.complete(t);
      }
    });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    reader.interrupt();
    assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("interrupted");
  }
}
