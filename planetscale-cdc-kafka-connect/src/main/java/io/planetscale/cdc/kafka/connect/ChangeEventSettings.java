package io.planetscale.cdc.kafka.connect;

/**
 * How change events are named and shaped.
 *
 * @param topicPrefix the first part of every topic name ({@code topic.prefix}); also {@code source.name}
 * @param tombstonesOnDelete whether a delete is followed by a tombstone ({@code tombstones.on.delete})
 */
record ChangeEventSettings(String topicPrefix, boolean tombstonesOnDelete) {}
