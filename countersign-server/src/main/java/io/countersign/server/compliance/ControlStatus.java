package io.countersign.server.compliance;

import java.util.List;
import java.util.Optional;

/**
 * A control of a framework as it stands now.
 *
 * @param id the control's id in the catalog, e.g. {@code soc2-cc6.1-mfa}
 * @param name short name
 * @param description what the control requires
 * @param references the framework references it maps to (e.g. {@code CC6.1},
 * {@code Art. 32(1)(b)}, {@code §164.312(d)})
 * @param automated whether a check decides it (else it is attested)
 * @param state the state it counts as
 * @param weight its risk weight in the catalog
 * @param remedy what to do when it is not implemented
 * @param docs the link to our documentation for it
 * @param checks the results of its checks (empty for a manual control)
 * @param attestation the attestation in force, if any
 */
public record ControlStatus(String id, String name, String description, List<String> references, boolean automated,
		ControlState state, int weight, String remedy, String docs, List<CheckResult> checks,
		Optional<Attestation> attestation) {

	public ControlStatus {
		references = List.copyOf(references);
		checks = List.copyOf(checks);
	}

}
