package io.planetscale.cdc.kafka.connect.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Waits until a one-partition topic's committed part holds a number of records, and says when the
 * first and the last of them became visible.
 *
 * <p>A {@code read_committed} consumer reads the partition from its beginning, polling every 50 ms,
 * and counts records (and their bytes) without decoding them. Counting, not the end offset: with exactly-once every
 * committed transaction leaves a commit marker in the partition, which takes an offset, so the last
 * stable offset is the records plus markers in a number only the connector knows. The consumer runs on
 * the calling thread, whose CPU the runner reports apart.
 */
final class CommittedRecordCounter implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private long count;
  private long bytes;
  private long firstSeenNanos;

  CommittedRecordCounter(EmbeddedConnectCluster cluster, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CHECK_CRCS_CONFIG, false); // the counter's own CPU is part of the measured process
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = cluster.kafka().createConsumer(props);
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  /**
   * Reads until the topic holds {@code expected} committed records.
   *
   * @return {@link System#nanoTime()} when the count reached {@code expected}
   * @throws IllegalStateException if more records arrive than expected, or {@code wait} passes first
   */
  long awaitCount(long expected, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (count < expected) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + wait + " with " + count + " of " + expected
            + " committed records");
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
      if (!records.isEmpty() && count == 0) {
        firstSeenNanos = System.nanoTime();
      }
      count += records.count();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
      }
    }
    long reached = System.nanoTime();
    if (count > expected) {
      throw new IllegalStateException(count + " committed records, expected " + expected + " (duplicates?)");
    }
    return reached;
  }

  /** @return the keys' and values' bytes of the records counted */
  long bytes() {
    return bytes;
  }

  /** @return {@link System#nanoTime()} when the first committed records were read */
  long firstSeenNanos() {
    return firstSeenNanos;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
