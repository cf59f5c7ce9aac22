/**
 * A Kafka Connect source connector for PlanetScale (Vitess) keyspaces: {@code PlanetScaleSourceConnector}
 * streams the selected tables of every shard into topics {@code <topic.prefix>.<keyspace>.<table>},
 * as Debezium-style change events, with exactly-once delivery when the worker enables it.
 */
package io.planetscale.cdc.kafka.connect;
