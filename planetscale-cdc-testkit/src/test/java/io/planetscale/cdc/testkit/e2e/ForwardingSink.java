package io.planetscale.cdc.testkit.e2e;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;

/** A sink that forwards every call, for tests that act on the fake from inside a sync. */
class ForwardingSink implements RecordSink {
  private final RecordSink delegate;

  ForwardingSink(RecordSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public void record(Record record, Stream stream) throws Exception {
    delegate.record(record, stream);
  }

  @Override
  public void flush(Stream stream) throws Exception {
    delegate.flush(stream);
  }

  @Override
  public void state(State state) throws Exception {
    delegate.state(state);
  }
}
