package io.countersign.server.approval;

import java.util.Map;
import java.util.Optional;

import io.countersign.server.shared.Caller;

/**
 * Opens an approval request, as {@code POST /api/v1/approvals} does, for features that
 * gate their own changes (a policy change answers 202 with the request it opened).
 */
public interface OpeningRequest {

	/**
	 * Opens revision 1 of a request under the policy in force for {@code actionType} and
	 * records {@code ACTION_QUEUED}, in one transaction (joining the caller's, if any).
	 * @param parameters JSON values (Map, List, String, Number, Boolean or null)
	 * @throws io.countersign.server.shared.CountersignException ERR_UNKNOWN_ACTION_TYPE,
	 * ERR_NOT_AN_INITIATOR, ERR_JUSTIFICATION_TOO_SHORT, ERR_PERMISSION_DENIED (no
	 * {@code approvals:request}), ERR_VALIDATION
	 */
	OpenedRequest open(Caller caller, String actionType, Map<String, Object> parameters, Optional<String> diff,
			String justification);

}
