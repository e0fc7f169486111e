package io.countersign.server.notification.internal.inbox;

import io.countersign.server.testing.H2ApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

/** The inbox table on the embedded H2. */
class H2InboxTest extends H2ApplicationTest {

	@Autowired
	Inbox inbox;

	@Test
	void storesEveryItemOfALongListOnce() {
		InboxContract.storesEveryItemAcrossStatements(this.inbox);
	}

}
