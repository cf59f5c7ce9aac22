package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * One decoded pgoutput message. The implementations are immutable records, one per message type byte.
 */
public sealed interface PgOutputMessage
    permits BeginMessage, CommitMessage, OriginMessage, RelationMessage, TypeMessage, InsertMessage,
        UpdateMessage, DeleteMessage, TruncateMessage, LogicalDecodingMessage, StreamStartMessage,
        StreamStopMessage, StreamCommitMessage, StreamAbortMessage {

  /** The transaction id pgoutput leaves out of a message outside a streamed transaction (InvalidTransactionId). */
  long NO_XID = 0;

  /**
   * The message's type byte on the wire.
   *
   * @return for example {@code 'B'} for Begin
   */
  char type();
}
