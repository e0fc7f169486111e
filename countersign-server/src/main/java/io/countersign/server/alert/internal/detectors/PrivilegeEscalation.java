package io.countersign.server.alert.internal.detectors;

import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D7, privilege escalation, one event each:
 * <ul>
 * <li>{@code admin} granted outside an approval: an {@code authz_change} grant of
 * {@code admin} without an {@code approval_id} link (a grant an approval decided carries
 * it; a direct grant, in setup mode or under a grant policy that allows it, does not).
 * Countersign's own grants ({@code system}: the first admin, single sign-on's role
 * mapping) are configuration, not escalation, and are left out;</li>
 * <li>a role granted to oneself: a grant whose grantee is its actor, or an attempt the
 * no-self-grant rule refused ({@code authz_fail} with {@code details.rule} "no
 * self-grant");</li>
 * <li>a role's permissions widened: {@code privilege_permissions_changed} with
 * {@code details.change} "add" (a permission added, or its scope widened).</li>
 * </ul>
 * It keeps no state.
 */
@Component
class PrivilegeEscalation extends RuleDetector {

	static final String ADMIN = "admin";

	PrivilegeEscalation(CurrentSettings settings) {
		super(Rule.D7, settings);
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		return escalation(event)
			.map((found) -> List.of(finding(settings, found.subject(), found.summary(), List.of(event.index()))))
			.orElse(List.of());
	}

	private static Optional<Found> escalation(ObservedEvent event) {
		String actor = String.valueOf(event.actorId());
		// an event's details are parsed on first read: only the types this rule knows
		// read them
		if (EventFacts.AUTHZ_CHANGE.equals(event.type())) {
			Optional<String> role = EventFacts.text(event, "role");
			if (role.isEmpty() || EventFacts.text(event, "change").filter("grant"::equals).isEmpty()) {
				return Optional.empty();
			}
			String grantee = event.resourceId().orElse("");
			if (EventFacts.isAccountActor(event) && EventFacts.fold(grantee).equals(EventFacts.fold(actor))) {
				return Optional
					.of(new Found("account:" + grantee, actor + " granted themselves the role " + role.get()));
			}
			if (ADMIN.equals(role.get()) && !event.links().containsKey("approval_id")
					&& EventFacts.isAccountActor(event)) {
				return Optional.of(new Found("account:" + grantee,
						actor + " granted admin to " + grantee + " without an approval"));
			}
			return Optional.empty();
		}
		if (EventFacts.AUTHZ_FAIL.equals(event.type())
				&& EventFacts.text(event, "rule").filter("no self-grant"::equals).isPresent()) {
			String what = event.action().orElse("change") + " " + event.resourceType().orElse("") + " "
					+ event.resourceId().orElse("");
			return Optional.of(new Found("account:" + actor,
					actor + " tried to change their own access (" + what.strip() + "); refused"));
		}
		Optional<String> role = EventFacts.PERMISSIONS_CHANGED.equals(event.type()) ? EventFacts.text(event, "role")
				: Optional.empty();
		if (role.isPresent() && EventFacts.text(event, "change").filter("add"::equals).isPresent()) {
			return Optional.of(new Found("role:" + role.get(),
					actor + " widened the role " + role.get() + ": " + EventFacts.text(event, "permission").orElse("?")
							+ " (" + EventFacts.text(event, "scope").orElse("?") + ")"));
		}
		return Optional.empty();
	}

	@Override
	void forget() {
	}

	private record Found(String subject, String summary) {

	}

}
