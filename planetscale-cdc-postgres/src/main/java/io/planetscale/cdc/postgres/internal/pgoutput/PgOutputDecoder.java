package io.planetscale.cdc.postgres.internal.pgoutput;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decodes the messages of one pgoutput replication stream, one {@code CopyData} payload at a time, in order.
 * It is stateful: inside a streamed transaction ({@code S} ... {@code E}) the change messages carry the
 * transaction's id, so the decoder tracks the stream blocks. Not thread-safe; one decoder per stream.
 *
 * <p>Protocol versions: 1 (PostgreSQL 10+), 2 adds streamed transactions ({@code streaming = on}), 3 adds
 * two-phase commit (not requested by this module, so its messages are rejected), 4 adds parallel streaming,
 * whose Stream Abort carries the abort's LSN and time.
 */
public final class PgOutputDecoder {
  /** The newest protocol version this decoder reads. */
  public static final int MAX_PROTOCOL_VERSION = 4;

  private final int protocolVersion;
  private final boolean parallelStreaming;
  private boolean inStream;

  /**
   * Creates a decoder for a stream started with these options.
   *
   * @param protocolVersion the {@code proto_version} option, 1 to 4
   * @param parallelStreaming whether the {@code streaming} option is {@code parallel} (protocol 4 only)
   * @throws IllegalArgumentException if the version is not 1 to 4, or parallel streaming is asked below 4
   */
  public PgOutputDecoder(int protocolVersion, boolean parallelStreaming) {
    if (protocolVersion < 1 || protocolVersion > MAX_PROTOCOL_VERSION) {
      throw new IllegalArgumentException("pgoutput proto_version must be 1 to " + MAX_PROTOCOL_VERSION + ", not "
          + protocolVersion);
    }
    if (parallelStreaming && protocolVersion < 4) {
      throw new IllegalArgumentException("streaming = parallel needs pgoutput proto_version 4, not "
          + protocolVersion);
    }
    this.protocolVersion = protocolVersion;
    this.parallelStreaming = parallelStreaming;
  }

  /**
   * The protocol version this decoder reads.
   *
   * @return 1 to 4
   */
  public int protocolVersion() {
    return protocolVersion;
  }

  /**
   * Whether the last message decoded left the stream inside a streamed-transaction block (after {@code S},
   * before {@code E}).
   *
   * @return true inside a block
   */
  public boolean inStream() {
    return inStream;
  }

  /**
   * Decodes one message: the bytes from the buffer's position to its limit (the buffer is not moved).
   *
   * @param message one {@code XLogData} payload as the replication stream delivered it
   * @return the message
   * @throws PgOutputFormatException if the message is empty, truncated, too long, of an unknown type, or not
   *     allowed here (a stream message below protocol 2, a nested {@code S}, ...); nothing changes then
   */
  public PgOutputMessage decode(ByteBuffer message) {
    MessageReader reader = new MessageReader(message);
    if (reader.remaining() == 0) {
      throw reader.error("empty message: no type byte at offset 0");
    }
    char type = (char) (reader.int8("type") & 0xFF);
    PgOutputMessage decoded = switch (type) {
      case 'B' -> begin(named(reader, "Begin", type));
      case 'C' -> commit(named(reader, "Commit", type));
      case 'O' -> origin(named(reader, "Origin", type));
      case 'R' -> relation(named(reader, "Relation", type));
      case 'Y' -> typeMessage(named(reader, "Type", type));
      case 'I' -> insert(named(reader, "Insert", type));
      case 'U' -> update(named(reader, "Update", type));
      case 'D' -> delete(named(reader, "Delete", type));
      case 'T' -> truncate(named(reader, "Truncate", type));
      case 'M' -> logicalMessage(named(reader, "Message", type));
      case 'S' -> streamStart(streaming(reader, "Stream Start", type));
      case 'E' -> streamStop(streaming(reader, "Stream Stop", type));
      case 'c' -> streamCommit(streaming(reader, "Stream Commit", type));
      case 'A' -> streamAbort(streaming(reader, "Stream Abort", type));
      case 'b', 'P', 'K', 'r', 'p' -> throw named(reader, "two-phase message", type).error("type '" + type
          + "' is not supported: this module does not request the two_phase option");
      default -> throw reader.error(String.format("unknown message type '%s' (0x%02X) at offset 0",
          Character.isISOControl(type) ? "?" : String.valueOf(type), (int) type));
    };
    reader.expectEnd();
    // Only now, so that a rejected message leaves the state as it was.
    if (decoded instanceof StreamStartMessage) {
      inStream = true;
    } else if (decoded instanceof StreamStopMessage) {
      inStream = false;
    }
    return decoded;
  }

  private static MessageReader named(MessageReader reader, String name, char type) {
    reader.describe(name + " ('" + type + "')");
    return reader;
  }

  private MessageReader streaming(MessageReader reader, String name, char type) {
    named(reader, name, type);
    if (protocolVersion < 2) {
      throw reader.error("streamed transactions need protocol version 2 or later; this stream uses "
          + protocolVersion);
    }
    return reader;
  }

  /** The transaction id that change messages carry inside a stream block only. */
  private long streamXid(MessageReader reader) {
    return inStream ? reader.uint32("xid") : PgOutputMessage.NO_XID;
  }

  private static BeginMessage begin(MessageReader reader) {
    long finalLsn = reader.int64("final LSN");
    Instant commitTime = reader.timestamp("commit timestamp");
    return new BeginMessage(finalLsn, commitTime, reader.uint32("xid"));
  }

  private static CommitMessage commit(MessageReader reader) {
    int flags = reader.int8("flags") & 0xFF;
    long commitLsn = reader.int64("commit LSN");
    long endLsn = reader.int64("end LSN");
    return new CommitMessage(flags, commitLsn, endLsn, reader.timestamp("commit timestamp"));
  }

  private static OriginMessage origin(MessageReader reader) {
    long commitLsn = reader.int64("origin commit LSN");
    return new OriginMessage(commitLsn, reader.string("origin name"));
  }

  private RelationMessage relation(MessageReader reader) {
    long xid = streamXid(reader);
    long relationId = reader.uint32("relation id");
    String namespace = namespace(reader.string("namespace"));
    String name = reader.string("relation name");
    int identityOffset = reader.offset();
    char identityCode = (char) (reader.int8("replica identity") & 0xFF);
    ReplicaIdentity identity = ReplicaIdentity.ofCode(identityCode);
    if (identity == null) {
      throw reader.error("unknown replica identity '" + identityCode + "' at offset " + identityOffset);
    }
    int count = reader.uint16("column count");
    List<RelationColumn> columns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean key = (reader.int8("column " + i + " flags") & 1) != 0;
      String column = reader.string("column " + i + " name");
      long typeOid = reader.uint32("column " + i + " type oid");
      columns.add(new RelationColumn(key, column, typeOid, reader.int32("column " + i + " type modifier")));
    }
    return new RelationMessage(xid, relationId, namespace, name, identity, columns);
  }

  private TypeMessage typeMessage(MessageReader reader) {
    long xid = streamXid(reader);
    long typeOid = reader.uint32("type oid");
    String namespace = namespace(reader.string("namespace"));
    return new TypeMessage(xid, typeOid, namespace, reader.string("type name"));
  }

  // pgoutput sends pg_catalog as the empty string.
  private static String namespace(String wire) {
    return wire.isEmpty() ? "pg_catalog" : wire;
  }

  private InsertMessage insert(MessageReader reader) {
    long xid = streamXid(reader);
    long relationId = reader.uint32("relation id");
    expectTupleMarker(reader, 'N', "new tuple marker");
    return new InsertMessage(xid, relationId, tuple(reader, "new tuple"));
  }

  private UpdateMessage update(MessageReader reader) {
    long xid = streamXid(reader);
    long relationId = reader.uint32("relation id");
    int markerOffset = reader.offset();
    char marker = (char) (reader.int8("tuple marker") & 0xFF);
    if (marker == 'N') {
      return new UpdateMessage(xid, relationId, OldTupleKind.NONE, Optional.empty(), tuple(reader, "new tuple"));
    }
    if (marker != 'K' && marker != 'O') {
      throw reader.error("expected tuple marker 'K', 'O' or 'N' at offset " + markerOffset + ", found '" + marker
          + "'");
    }
    OldTupleKind oldKind = marker == 'K' ? OldTupleKind.KEY : OldTupleKind.FULL;
    Optional<TupleData> oldTuple = Optional.of(tuple(reader, "old tuple"));
    expectTupleMarker(reader, 'N', "new tuple marker");
    return new UpdateMessage(xid, relationId, oldKind, oldTuple, tuple(reader, "new tuple"));
  }

  private DeleteMessage delete(MessageReader reader) {
    long xid = streamXid(reader);
    long relationId = reader.uint32("relation id");
    int markerOffset = reader.offset();
    char marker = (char) (reader.int8("old tuple marker") & 0xFF);
    if (marker != 'K' && marker != 'O') {
      throw reader.error("expected old tuple marker 'K' or 'O' at offset " + markerOffset + ", found '" + marker
          + "'");
    }
    OldTupleKind kind = marker == 'K' ? OldTupleKind.KEY : OldTupleKind.FULL;
    return new DeleteMessage(xid, relationId, kind, tuple(reader, "old tuple"));
  }

  private TruncateMessage truncate(MessageReader reader) {
    long xid = streamXid(reader);
    int countOffset = reader.offset();
    int count = reader.int32("relation count");
    if (count < 0) {
      throw reader.error("negative relation count " + count + " at offset " + countOffset);
    }
    int options = reader.int8("options") & 0xFF;
    List<Long> relationIds = new ArrayList<>(Math.min(count, reader.remaining() / 4 + 1));
    for (int i = 0; i < count; i++) {
      relationIds.add(reader.uint32("relation id " + i));
    }
    return new TruncateMessage(xid, options, relationIds);
  }

  private LogicalDecodingMessage logicalMessage(MessageReader reader) {
    long xid = streamXid(reader);
    boolean transactional = (reader.int8("flags") & 1) != 0;
    long lsn = reader.int64("LSN");
    String prefix = reader.string("prefix");
    return new LogicalDecodingMessage(xid, transactional, lsn, prefix, reader.countedBytes("content"));
  }

  private StreamStartMessage streamStart(MessageReader reader) {
    if (inStream) {
      throw reader.error("a stream block is already open (no Stream Stop since the last Stream Start)");
    }
    long xid = reader.uint32("xid");
    return new StreamStartMessage(xid, reader.int8("first segment flag") == 1);
  }

  private StreamStopMessage streamStop(MessageReader reader) {
    if (!inStream) {
      throw reader.error("no stream block is open (Stream Stop without Stream Start)");
    }
    return new StreamStopMessage();
  }

  private StreamCommitMessage streamCommit(MessageReader reader) {
    requireOutsideStreamBlock(reader);
    long xid = reader.uint32("xid");
    int flags = reader.int8("flags") & 0xFF;
    long commitLsn = reader.int64("commit LSN");
    long endLsn = reader.int64("end LSN");
    return new StreamCommitMessage(xid, flags, commitLsn, endLsn, reader.timestamp("commit timestamp"));
  }

  private StreamAbortMessage streamAbort(MessageReader reader) {
    requireOutsideStreamBlock(reader);
    long xid = reader.uint32("xid");
    long subXid = reader.uint32("subtransaction xid");
    if (!parallelStreaming) {
      return new StreamAbortMessage(xid, subXid, OptionalLong.empty(), Optional.empty());
    }
    long abortLsn = reader.int64("abort LSN");
    return new StreamAbortMessage(xid, subXid, OptionalLong.of(abortLsn),
        Optional.of(reader.timestamp("abort timestamp")));
  }

  private void requireOutsideStreamBlock(MessageReader reader) {
    if (inStream) {
      throw reader.error("not allowed inside a stream block (between Stream Start and Stream Stop)");
    }
  }

  private static void expectTupleMarker(MessageReader reader, char expected, String field) {
    int offset = reader.offset();
    char marker = (char) (reader.int8(field) & 0xFF);
    if (marker != expected) {
      throw reader.error("expected " + field + " '" + expected + "' at offset " + offset + ", found '" + marker
          + "'");
    }
  }

  private static TupleData tuple(MessageReader reader, String name) {
    int count = reader.uint16(name + " column count");
    TupleValue[] values = new TupleValue[count];
    for (int i = 0; i < count; i++) {
      int kindOffset = reader.offset();
      // Field names are built only for an error: a tuple is read for every change.
      char kind = (char) (reader.columnKind(name, i) & 0xFF);
      values[i] = switch (kind) {
        case 'n' -> TupleValue.NULL;
        case 'u' -> TupleValue.UNCHANGED_TOAST;
        case 't' -> TupleValue.text(reader.columnText(name, i));
        case 'b' -> TupleValue.binary(reader.columnBytes(name, i));
        default -> throw reader.error("unknown value kind '" + kind + "' of " + name + " column " + i
            + " at offset " + kindOffset);
      };
    }
    return TupleData.of(values);
  }
}
