package io.countersign.ledger.evidence;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.note.NoteSigner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EvidencePackageWriterTest {

	private final ApprovalLedger ledger = new ApprovalLedger().executed();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void writesOnlyProvenEventsUnderACheckpointOfItsKey() throws Exception {
		EvidencePackageWriter.write(entries(), checkpoint(), this.ledger.ledger.signer.verifierKey(), this.out);
		assertThat(this.out.size()).isPositive();
	}

	@Test
	void refusesACheckpointTheKeyDidNotSign() {
		NoteSigner other = NoteSigner.generate("countersign.test/ledger");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EvidencePackageWriter.write(entries(), checkpoint(), other.verifierKey(), this.out))
			.withMessageContaining("not signed by");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void refusesAnEntryWhoseAuditPathDoesNotLeadToTheRoot() {
		List<ProvenEntry> entries = new ArrayList<>(entries());
		ProvenEntry first = entries.get(0);
		entries.set(0, new ProvenEntry(first.index(), first.leaf(), entries.get(1).auditPath()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EvidencePackageWriter.write(entries, checkpoint(),
					this.ledger.ledger.signer.verifierKey(), this.out))
			.withMessage("the audit path of entry " + first.index() + " does not lead to the checkpoint's root");
	}

	@Test
	void refusesEntriesOutOfLedgerOrder() {
		List<ProvenEntry> entries = new ArrayList<>(entries());
		entries.add(entries.get(0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EvidencePackageWriter.write(entries, checkpoint(),
					this.ledger.ledger.signer.verifierKey(), this.out))
			.withMessageStartingWith("entries must be in ledger order");
	}

	@Test
	void refusesAnEmptyRequest() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EvidencePackageWriter.write(List.of(), checkpoint(),
					this.ledger.ledger.signer.verifierKey(), this.out))
			.withMessageContaining("no events");
	}

	private List<ProvenEntry> entries() {
		return this.ledger.events.stream().map(this.ledger::proven).toList();
	}

	private String checkpoint() {
		return this.ledger.ledger.checkpoint(this.ledger.size()).note();
	}

}
