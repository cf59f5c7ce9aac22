package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders decoded messages as short lines without the values that change from run to run (LSNs, times,
 * xids, oids), so that a test can assert a stream exactly. Relations are named through a {@link RelationCache};
 * a message carrying the open stream's xid is marked {@code @stream}, any other xid is printed.
 */
final class MessageText {
  private final RelationCache relations = new RelationCache();
  private long streamXid = PgOutputMessage.NO_XID;

  List<String> render(List<PgOutputMessage> messages) {
    return messages.stream().map(this::render).toList();
  }

  String render(PgOutputMessage message) {
    // Java 17: no pattern matching in switch yet, hence the chain.
    if (message instanceof BeginMessage) {
      return "B";
    } else if (message instanceof CommitMessage) {
      return "C";
    } else if (message instanceof OriginMessage origin) {
      return "O " + origin.name() + " " + Lsn.format(origin.commitLsn());
    } else if (message instanceof RelationMessage relation) {
      relations.put(relation);
      return "R " + relation.namespace() + "." + relation.name() + " " + relation.replicaIdentity() + " "
          + relation.columns().stream().map(c -> c.name() + (c.key() ? "*" : "")).collect(Collectors.joining(","))
          + xid(relation.xid());
    } else if (message instanceof TypeMessage type) {
      return "Y " + type.namespace() + "." + type.name() + xid(type.xid());
    } else if (message instanceof InsertMessage insert) {
      return "I " + table(insert.relationId(), insert.newTuple(), "Insert") + " " + tuple(insert.newTuple())
          + xid(insert.xid());
    } else if (message instanceof UpdateMessage update) {
      return "U " + table(update.relationId(), update.newTuple(), "Update") + " "
          + update.oldTuple().map(old -> update.oldKind() + tuple(old) + " -> ").orElse("")
          + tuple(update.newTuple()) + xid(update.xid());
    } else if (message instanceof DeleteMessage delete) {
      return "D " + table(delete.relationId(), delete.oldTuple(), "Delete") + " " + delete.oldKind()
          + tuple(delete.oldTuple()) + xid(delete.xid());
    } else if (message instanceof TruncateMessage truncate) {
      return "T" + (truncate.cascade() ? " cascade" : "") + (truncate.restartIdentity() ? " restart-identity" : "")
          + " " + truncate.relationIds().stream()
              .map(id -> relations.find(id).map(RelationMessage::name).orElse("?" + id))
              .collect(Collectors.joining(",")) + xid(truncate.xid());
    } else if (message instanceof LogicalDecodingMessage m) {
      return "M " + (m.transactional() ? "transactional " : "immediate ") + m.prefix() + " " + m.contentText()
          + xid(m.xid());
    } else if (message instanceof StreamStartMessage start) {
      streamXid = start.xid();
      return start.firstSegment() ? "S first" : "S";
    } else if (message instanceof StreamStopMessage) {
      return "E";
    } else if (message instanceof StreamCommitMessage commit) {
      return "c" + xid(commit.xid());
    }
    StreamAbortMessage abort = (StreamAbortMessage) message;
    return "A " + (abort.wholeTransaction() ? "whole" : "subtransaction") + xid(abort.xid())
        + (abort.abortLsn().isPresent() ? " with abort LSN" : "") + (abort.abortTime().isPresent() ? " and time" : "");
  }

  private String table(long relationId, TupleData tuple, String change) {
    return relations.require(relationId, tuple, change).name();
  }

  private String xid(long xid) {
    if (xid == PgOutputMessage.NO_XID) {
      return "";
    }
    return xid == streamXid ? " @stream" : " xid=" + xid;
  }

  static String tuple(TupleData tuple) {
    return tuple.values().stream().map(MessageText::value).collect(Collectors.joining(",", "(", ")"));
  }

  private static String value(TupleValue value) {
    if (value instanceof TupleValue.Text text) {
      return text.text().length() > 40 ? "<" + text.text().length() + " chars>" : "'" + text.text() + "'";
    } else if (value instanceof TupleValue.Binary binary) {
      return "<" + binary.bytes().length + " bytes>";
    }
    return value == TupleValue.NULL ? "null" : "unchanged";
  }
}
