package io.planetscale.cdc.grpc;

import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One vtgate {@code VStreamResponse} as {@link VStreamResponseReader} read it: its events in stream
 * order, each either a {@link VEvent} parsed by protobuf or, for a ROW event the reader took apart
 * itself, a {@link ScannedRowEvent} whose rows stay in the message's bytes.
 *
 * @param events the events, each a {@link VEvent} or a {@link ScannedRowEvent}
 * @param size the message's size on the wire, in bytes (before compression)
 * @param wire the message's bytes, shared by the scanned events' rows and never modified
 */
record VStreamMessage(List<Object> events, int size, byte[] wire) {

  /** A message parsed by protobuf alone, from {@code wire}. */
  static VStreamMessage parsed(VStreamResponse response, byte[] wire) {
    return new VStreamMessage(new ArrayList<>(response.getEventsList()), wire.length, wire);
  }

  /** The event at {@code index} as protobuf parses it (a scanned ROW event is parsed from its bytes now). */
  VEvent event(int index) {
    Object e = events.get(index);
    return e instanceof ScannedRowEvent s ? s.toProto() : (VEvent) e;
  }

  /** The message as protobuf parses it (scanned ROW events are parsed from their bytes now). */
  VStreamResponse toProto() {
    VStreamResponse.Builder r = VStreamResponse.newBuilder();
    for (int i = 0; i < events.size(); i++) {
      r.addEvents(event(i));
    }
    return r.build();
  }
}
