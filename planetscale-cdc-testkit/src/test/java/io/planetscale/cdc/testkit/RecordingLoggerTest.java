package io.planetscale.cdc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingLoggerTest {
  private final RecordingLogger logger = new RecordingLogger();

  @Test
  void keepsEachLevelSeparatelyAndAllMessagesInCallOrder() {
    logger.info("Syncing stream users");
    logger.error("shard -80 failed");
    logger.info("done");

    assertThat(logger.infos()).containsExactly("Syncing stream users", "done");
    assertThat(logger.errors()).containsExactly("shard -80 failed");
    assertThat(logger.messages())
        .containsExactly("INFO Syncing stream users", "ERROR shard -80 failed", "INFO done");
  }

  @Test
  void keepsAnnouncedSchemasInOrder() {
    Stream users = RecordingSinkTest.stream("users").withType("SCHEMA");
    Stream orders = RecordingSinkTest.stream("orders").withType("SCHEMA");
    logger.streamSchema(users);
    logger.streamSchema(orders);

    assertThat(logger.schemas()).containsExactly(users, orders);
    assertThat(logger.messages()).isEmpty();
  }

  @Test
  void snapshotsAreImmutableAndClearForgetsEverything() {
    logger.info("a");
    logger.error("b");
    logger.streamSchema(RecordingSinkTest.stream("users"));
    List<String> messages = logger.messages();

    assertThatThrownBy(() -> messages.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> logger.infos().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> logger.schemas().clear()).isInstanceOf(UnsupportedOperationException.class);

    logger.clear();

    assertThat(messages).hasSize(2);
    assertThat(logger.infos()).isEmpty();
    assertThat(logger.errors()).isEmpty();
    assertThat(logger.schemas()).isEmpty();
    assertThat(logger.messages()).isEmpty();
  }

  @Test
  void concurrentLoggingLosesNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            logger.info("i" + i);
            logger.error("e" + i);
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(logger.infos()).hasSize(2000);
    assertThat(logger.errors()).hasSize(2000);
    assertThat(logger.messages()).hasSize(4000);
  }
}
