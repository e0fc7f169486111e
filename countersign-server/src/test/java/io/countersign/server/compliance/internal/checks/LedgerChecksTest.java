package io.countersign.server.compliance.internal.checks;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.audit.AuditReading;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.shared.Caller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger checks' decisions on states a live test cannot reach cheaply: a tampered
 * ledger, a verification older than a day, a checkpoint larger than the ledger. The
 * passing side and "never verified" run on the real ledger in ComplianceChecksTest.
 */
class LedgerChecksTest {

	static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	static final CheckContext CONTEXT = new CheckContext(NOW, Duration.ofDays(90));

	@Test
	void onlyAnIntactVerificationOfTheLast24HoursPasses() {
		assertThat(verified("intact", NOW.minus(Duration.ofHours(1)))).isEqualTo(CheckOutcome.PASSED);
		assertThat(verified("intact", NOW.minus(Duration.ofHours(25)))).isEqualTo(CheckOutcome.FAILED);
		assertThat(verified("tampered", NOW.minus(Duration.ofHours(1)))).isEqualTo(CheckOutcome.FAILED);
		assertThat(verified("failed", NOW.minus(Duration.ofHours(1)))).isEqualTo(CheckOutcome.FAILED);
		assertThat(new LedgerVerifiedCheck(new Ledger(Optional.empty(), 10, Optional.empty())).run(CONTEXT).outcome())
			.isEqualTo(CheckOutcome.FAILED);
	}

	@Test
	void aCheckpointMustExistAndCoverNoMoreThanTheLedger() {
		assertThat(checkpointed(100, Optional.of(100L))).isEqualTo(CheckOutcome.PASSED);
		assertThat(checkpointed(100, Optional.of(101L))).isEqualTo(CheckOutcome.FAILED);
		assertThat(checkpointed(100, Optional.empty())).isEqualTo(CheckOutcome.FAILED);
	}

	private static CheckOutcome verified(String state, Instant finishedAt) {
		AuditReading.VerificationStatus run = new AuditReading.VerificationStatus("v1", "auditor",
				finishedAt.minusSeconds(60), Optional.of(finishedAt), state, 10, 10, Optional.of(state));
		return new LedgerVerifiedCheck(new Ledger(Optional.of(run), 10, Optional.empty())).run(CONTEXT).outcome();
	}

	private static CheckOutcome checkpointed(long size, Optional<Long> checkpoint) {
		return new LedgerCheckpointedCheck(new Ledger(Optional.empty(), size,
				checkpoint.map((covered) -> new AuditReading.SignedCheckpoint("note", covered, new byte[32]))))
			.run(CONTEXT)
			.outcome();
	}

	/** A ledger that answers what the checks read and nothing else. */
	record Ledger(Optional<AuditReading.VerificationStatus> last, long size,
			Optional<AuditReading.SignedCheckpoint> checkpoint) implements AuditReading {

		@Override
		public Optional<VerificationStatus> lastVerification() {
			return this.last;
		}

		@Override
		public Optional<SignedCheckpoint> latestCheckpoint() {
			return this.checkpoint;
		}

		@Override
		public EventsPage events(Caller caller, EventsFilter filter, Optional<String> cursor) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<String> actorsStartingWith(String prefix, int limit) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void export(Caller caller, EventsFilter filter, String format, OutputStream out) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<StoredEntry> storedEntry(Caller caller, long index) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<byte[]> inclusionProof(long index, long size) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String verifierKey() {
			throw new UnsupportedOperationException();
		}

		@Override
		public VerificationStatus startVerification(Caller caller) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<VerificationStatus> verification(String id) {
			throw new UnsupportedOperationException();
		}

	}

}
