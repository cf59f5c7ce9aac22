package io.planetscale.cdc.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.TableCursor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPositionsTest {
  private static final String S1 = "MySQL56/u:1-5";
  private static final String S2 = "MySQL56/u:1-7";
  private static final QueryResult PK = new QueryResult(List.of(), List.of());

  private final RecordPositions positions = new RecordPositions("ks", "-", TableCursor.of("-", "ks", ""));

  private static TableCursor copy(String position) {
    return new TableCursor("-", "ks", position, PK);
  }

  private static TableCursor at(String position) {
    return TableCursor.of("-", "ks", position);
  }

  /** One response: its rows, then its cursor accepted. */
  private List<RecordPosition> response(TableCursor end, int rows) {
    positions.response(end);
    List<RecordPosition> labels = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      labels.add(positions.next());
    }
    if (end != null) {
      positions.cursor(end);
    }
    return labels;
  }

  @Test
  void copyBatchesAtOneSnapshotNumberOnInsteadOfRestartingAtEveryCursor() {
    List<RecordPosition> all = new ArrayList<>();
    all.addAll(response(copy(S1), 3));
    all.addAll(response(copy(S1), 3));
    all.addAll(response(at(S1), 0));
    all.addAll(response(at(S2), 2));
    assertThat(all).extracting(RecordPosition::position).containsExactly(S1, S1, S1, S1, S1, S1, S2, S2);
    assertThat(all).extracting(RecordPosition::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 0L, 1L);
  }

  /** Labels of a response whose rows arrive but whose cursor is never accepted (the call breaks). */
  private List<RecordPosition> unaccepted(TableCursor end, int rows) {
    positions.response(end);
    List<RecordPosition> labels = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      labels.add(positions.next());
    }
    return labels;
  }

  @Test
  void restartOutsideACopyRewindsSoReplayedRecordsKeepTheirPositions() {
    response(at(S1), 2);
    List<RecordPosition> first = new ArrayList<>(unaccepted(null, 2)); // a transaction split before its cursor
    first.addAll(unaccepted(at(S2), 1));
    positions.restart(at(S1));
    List<RecordPosition> replay = new ArrayList<>(unaccepted(null, 2));
    replay.addAll(unaccepted(at(S2), 1));
    assertThat(replay).isEqualTo(first);
    assertThat(first).extracting(RecordPosition::sequence).containsExactly(2L, 3L, 0L);
  }

  @Test
  void restartFromACopyCursorWithAnUnchangedSnapshotReplaysTheSameLabels() {
    response(copy(S1), 3);
    List<RecordPosition> lost = unaccepted(copy(S1), 3);
    positions.restart(copy(S1));
    List<RecordPosition> replay = unaccepted(copy(S1), 3);
    assertThat(replay).isEqualTo(lost);
    assertThat(lost).extracting(RecordPosition::sequence).containsExactly(3L, 4L, 5L);
  }

  @Test
  void restartFromACopyCursorAfterChangesNeverReusesALabel() {
    List<RecordPosition> seen = new ArrayList<>(response(copy(S1), 3));
    seen.addAll(unaccepted(copy(S1), 2));
    positions.restart(copy(S1));
    // The server first sends changes since S1 to rows already copied, split before their cursor...
    seen.addAll(response(null, 2));
    // ...then copies the rest on a new snapshot.
    seen.addAll(response(copy(S2), 3));
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen.subList(0, 7)).extracting(RecordPosition::position).containsOnly(S1);
    assertThat(seen.subList(7, 10)).extracting(RecordPosition::position).containsOnly(S2);
  }

  @Test
  void aSecondRestartFromTheSameCopyCursorStillNeverReusesALabel() {
    List<RecordPosition> seen = new ArrayList<>(response(copy(S1), 3));
    seen.addAll(unaccepted(copy(S1), 3)); // copy rows whose cursor never came
    positions.restart(copy(S1));
    seen.addAll(unaccepted(null, 2)); // changes since S1, split before their cursor
    seen.addAll(unaccepted(copy(S2), 1)); // ...whose cursor came, but the call broke before it was accepted
    positions.restart(copy(S1));
    List<RecordPosition> again = unaccepted(null, 2);
    assertThat(again).doesNotContainAnyElementsOf(seen);
    assertThat(again).extracting(RecordPosition::position).containsOnly(S1);
  }

  @Test
  void aTransportThatDoesNotAnnounceResponsesLabelsWithThePrecedingCursor() {
    List<RecordPosition> labels = new ArrayList<>();
    labels.add(positions.next());
    positions.cursor(at(S1));
    labels.add(positions.next());
    labels.add(positions.next());
    positions.cursor(at(S1));
    labels.add(positions.next());
    assertThat(labels).containsExactly(new RecordPosition("ks", "-", "", 0), new RecordPosition("ks", "-", S1, 0),
        new RecordPosition("ks", "-", S1, 1), new RecordPosition("ks", "-", S1, 2));
  }
}
