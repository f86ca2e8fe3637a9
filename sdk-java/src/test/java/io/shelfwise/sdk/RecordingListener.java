package io.shelfwise.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every dropped-events report. */
final class RecordingListener implements DroppedEventsListener {

    final List<DroppedEvents> reports = new CopyOnWriteArrayList<>();

    @Override
    public void onDropped(DroppedEvents dropped) {
        reports.add(dropped);
    }

    long droppedCount() {
        return reports.stream().mapToLong(report -> report.events().size()).sum();
    }
}
