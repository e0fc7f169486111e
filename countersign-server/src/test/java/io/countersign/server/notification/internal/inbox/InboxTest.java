package io.countersign.server.notification.internal.inbox;

import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

/** The inbox table on PostgreSQL. */
class InboxTest extends PostgresApplicationTest {

	@Autowired
	Inbox inbox;

	@Test
	void storesEveryItemOfALongListOnce() {
		InboxContract.storesEveryItemAcrossStatements(this.inbox);
	}

}
