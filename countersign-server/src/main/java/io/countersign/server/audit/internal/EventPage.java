package io.countersign.server.audit.internal;

import java.util.List;
import java.util.Optional;

/** One page of checked events and the cursor of the next page, if there is one. */
record EventPage(List<CheckedEvent> events, Optional<String> next) {

}
