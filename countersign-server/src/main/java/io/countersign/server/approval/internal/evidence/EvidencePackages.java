package io.countersign.server.approval.internal.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.evidence.EvidencePackageWriter;
import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.ReadingApprovals;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.audit.ProvenHistory;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.audit.ResourceHistories;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;

/**
 * Assembles the evidence package of one approval request (docs/approvals.md, "Evidence
 * package"): the request's ledger events as the ledger proves them, under a signed
 * checkpoint that covers them, packed by the ledger module's writer, which derives
 * everything else from those events. Nothing here comes from the approval tables but the
 * answer to "may this caller see the request": what the package says, the ledger said.
 */
@Service
public class EvidencePackages {

	private final ApprovalRequests requests;

	private final ResourceHistories histories;

	EvidencePackages(ApprovalRequests requests, ResourceHistories histories) {
		this.requests = requests;
		this.histories = histories;
	}

	/** A finished package, ready to hand out. */
	public record EvidencePackage(ApprovalRequestId request, byte[] zip) {

		public String fileName() {
			return "approval-evidence-" + this.request + ".zip";
		}

	}

	/**
	 * The package of request {@code id}, for a caller who may read it (as {@code GET
	 * /api/v1/approvals/{id}} decides).
	 * @throws CountersignException {@code ERR_PROPOSAL_NOT_FOUND} when there is no such
	 * request or the caller may not see it; {@code ERR_LEDGER_UNAVAILABLE} when its
	 * events have not reached the ledger yet; {@code ERR_LEDGER_INTEGRITY} when the
	 * ledger's events of the request do not add up to an approval history
	 */
	public EvidencePackage of(Caller caller, ApprovalRequestId id) {
		this.requests.find(id)
			.filter((request) -> ReadingApprovals.mayRead(caller, request))
			.orElseThrow(() -> RequestingApproval.notFound(id));
		ProvenHistory history = this.histories.of(new Resource(ApprovalEvents.RESOURCE, id.toString()))
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"The events of approval request " + id + " have not reached the ledger yet; retry shortly."));
		List<ProvenEntry> steps = history.entries().stream().filter(EvidencePackages::approvalStep).toList();
		// Written to memory first (a request has a handful of events), so a refusal by
		// the writer is a problem answer, not a truncated download.
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try {
			EvidencePackageWriter.write(steps, history.checkpointNote(), history.key(), zip);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "The ledger's events of approval request "
					+ id + " do not form an evidence package: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new EvidencePackage(id, zip.toByteArray());
	}

	/**
	 * Whether an entry about the request is one of its approval steps: an ACTION_ or
	 * POLICY_CHANGE_ event Countersign itself recorded. Those types are reserved, but the
	 * resource is not: anyone who may append events can log a note "about" a request, and
	 * such a note is neither evidence nor allowed to stop the package being built. So are
	 * events a server-executed action records about its request.
	 */
	static boolean approvalStep(ProvenEntry entry) {
		Event event = Event.fromLeaf(entry.leaf());
		return event.submitter().equals(Optional.of(ReservedEvents.COUNTERSIGN))
				&& (event.type().startsWith("ACTION_") || event.type().startsWith("POLICY_CHANGE_"));
	}

}
