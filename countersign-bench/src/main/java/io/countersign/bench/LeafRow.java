package io.countersign.bench;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A generated event with leaf bytes of the size the ledger would store (the event plus
 * id, nonce, submitter and time), for the baselines that write rows without the
 * sequencer.
 */
record LeafRow(byte[] leaf, SampleEvent event) {

	static LeafRow of(SampleEvent event) {
		String leaf = event.toJson()
			.replaceFirst("\\{",
					"{\"id\":\"" + UUID.randomUUID()
							+ "\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"submitter\":{\"account\":\""
							+ SequencerTarget.SUBMITTER.account() + "\",\"credential\":\""
							+ SequencerTarget.SUBMITTER.credential() + "\"},\"ts\":\"2026-01-01T00:00:00.000Z\",");
		return new LeafRow(leaf.getBytes(StandardCharsets.UTF_8), event);
	}

}
