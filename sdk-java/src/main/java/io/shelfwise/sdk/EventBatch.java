package io.shelfwise.sdk;

import io.shelfwise.sdk.model.Event;
import java.util.List;

/** The body of {@code POST /v1/events}. */
record EventBatch(List<Event> events) {

    static final int MAX_EVENTS = 500;
}
