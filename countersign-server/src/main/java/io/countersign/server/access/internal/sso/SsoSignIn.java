package io.countersign.server.access.internal.sso;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.bootstrap.FirstAdmin;
import io.countersign.server.access.internal.roles.LastAdminRule;
import io.countersign.server.access.internal.roles.Role;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.roles.Roles;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in with OpenID Connect, after the identity provider has authenticated the user:
 * finds the account linked to the provider's (issuer, subject), or creates a user account
 * for a new subject, and brings the account's {@code sso} role grants in step with the
 * groups claim. Accounts are matched by subject only, never by name: a new subject whose
 * name belongs to an existing account is refused, since linking by name would let whoever
 * controls that name at the provider take the account over.
 */
@Service
public class SsoSignIn {

	private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);

	/** User names an SSO sign-in may create. */
	static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

	static final String SOURCE = "sso";

	private static final int MAX_DISPLAY_NAME = 200;

	private final Accounts accounts;

	private final RoleGrants grants;

	private final Roles roles;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final AccessProperties.Sso settings;

	private final GroupRoleMapping mapping;

	private final Clock clock;

	private final LastAdminRule lastAdmin;

	SsoSignIn(Accounts accounts, RoleGrants grants, Roles roles, AccessChanges changes, AccessAudit audit,
			TransactionTemplate transaction, AccessProperties properties, Clock clock, LastAdminRule lastAdmin) {
		this.lastAdmin = lastAdmin;
		this.accounts = accounts;
		this.grants = grants;
		this.roles = roles;
		this.changes = changes;
		this.audit = audit;
		this.transaction = transaction;
		this.settings = properties.sso();
		this.mapping = new GroupRoleMapping(properties.sso().roleMapping());
		this.clock = clock;
	}

	/** The account the user signs in to, or why sign-in is refused. */
	Result signIn(OidcUser user) {
		Identity identity = identity(user);
		Outcome outcome;
		try {
			outcome = this.transaction.execute((status) -> provisionRecorded(identity));
		}
		catch (DuplicateKeyException ex) {
			// a concurrent first sign-in of the same subject created the account first
			outcome = this.transaction.execute((status) -> provisionRecorded(identity));
		}
		if (outcome instanceof Provisioned provisioned) {
			if (!identity.multiFactor()
					&& this.grants.anyRequiresMfa(provisioned.account().accountId(), this.clock.instant())) {
				return new Refused("mfa_not_asserted", "A role of this account requires multi-factor authentication, "
						+ "and the identity provider did not report one (its ID token's amr claim names none of "
						+ this.settings.mfaMethods() + ").", Optional.of(provisioned.account().username()));
			}
			return new SignedIn(provisioned.account());
		}
		return (Refused) outcome;
	}

	// the account and grants and their events, in one transaction
	private Outcome provisionRecorded(Identity identity) {
		Outcome outcome = provision(identity);
		if (outcome instanceof Provisioned provisioned) {
			record(identity, provisioned);
		}
		return outcome;
	}

	private Outcome provision(Identity identity) {
		Instant now = this.clock.instant();
		Optional<Account> linked = this.accounts.findBySsoSubject(identity.issuer(), identity.subject());
		Account account;
		boolean created = false;
		if (linked.isPresent()) {
			account = linked.get();
			if (account.archived()) {
				return new Refused("account_archived", "The account of this user is archived.",
						Optional.of(account.username()));
			}
			if (account.kind() != AccountKind.USER) {
				return new Refused("not_a_user_account", "Only user accounts may sign in.",
						Optional.of(account.username()));
			}
		}
		else {
			Optional<String> username = identity.username();
			if (username.isEmpty()) {
				return new Refused("no_username",
						"The identity provider sent no usable user name: preferred_username or email must match "
								+ USERNAME.pattern() + " once lower-cased.",
						Optional.empty());
			}
			if (this.accounts.findByUsername(username.get()).isPresent()) {
				return new Refused("username_taken", "An account named '" + username.get()
						+ "' already exists and is not linked to this identity-provider user. Sign-in is refused"
						+ " rather than taking that account over; an administrator must link the accounts.", username);
			}
			account = new Account(UUID.randomUUID().toString(), username.get(),
					identity.displayName().orElse(username.get()), AccountKind.USER, false, Optional.empty(), false,
					now, now, Optional.empty());
			this.accounts.insert(account);
			this.accounts.linkSsoSubject(account.accountId(), identity.issuer(), identity.subject());
			created = true;
		}
		List<GrantChange> changed = synchronise(account, identity.groups(), now);
		if (created || !changed.isEmpty()) {
			this.changes.changed();
		}
		return new Provisioned(account, created, changed);
	}

	/**
	 * Adds the {@code sso} grants the groups give and removes those they no longer give;
	 * {@code manual} grants are never touched, and a role already held manually is not
	 * granted again. Each sign-in renews the {@code sso} grants for
	 * {@code countersign.access.sso.grant-renewal}: one not renewed in time expires, so a
	 * user the provider off-boards loses the roles without signing in again. A removal
	 * that would leave no active admin is not made (the last-admin rule).
	 */
	private List<GrantChange> synchronise(Account account, List<String> groups, Instant now) {
		SortedMap<RoleName, String> wanted = new TreeMap<>();
		this.mapping.rolesFor(groups).forEach((role, group) -> {
			Optional<Role> known = roleName(role).flatMap(this.roles::find);
			if (known.isEmpty()) {
				log.warn("countersign.access.sso.role-mapping maps group '{}' to role '{}', which does not exist; "
						+ "ignored", group, role);
			}
			known.ifPresent((found) -> wanted.put(found.name(), group));
		});
		List<RoleGrant> held = this.grants.of(account.accountId());
		List<GrantChange> changed = new ArrayList<>();
		Optional<Instant> renewedUntil = Optional.of(now.plus(this.settings.grantRenewal()));
		wanted.forEach((role, group) -> {
			// the last admin's grant is not limited in time (the last-admin rule)
			Optional<Instant> until = (LastAdminRule.ADMIN.equals(role)
					&& this.grants.activeHoldersOtherThan(LastAdminRule.ADMIN, account.accountId(), now) == 0)
							? Optional.empty() : renewedUntil;
			Optional<RoleGrant> existing = held.stream().filter((grant) -> grant.role().equals(role)).findFirst();
			if (existing.isEmpty() || (SOURCE.equals(existing.get().source()) && !existing.get().activeAt(now))) {
				this.grants.put(new RoleGrant(account.accountId(), role, FirstAdmin.SYSTEM.id(), now, until, SOURCE));
				changed.add(new GrantChange(role.value(), "granted", Optional.of(group)));
			}
			else if (SOURCE.equals(existing.get().source())) {
				// renewed, not a change of rights: no event
				RoleGrant grant = existing.get();
				this.grants
					.put(new RoleGrant(account.accountId(), role, grant.grantedBy(), grant.grantedAt(), until, SOURCE));
			}
		});
		for (RoleGrant grant : held) {
			if (SOURCE.equals(grant.source()) && !wanted.containsKey(grant.role())) {
				if (LastAdminRule.ADMIN.equals(grant.role()) && leavesNoAdmin(account, now)) {
					log.warn(
							"The identity provider no longer puts '{}' in a group mapped to admin, but '{}' is the "
									+ "last active admin: the grant is kept; grant admin to another account first",
							account.username(), account.username());
					continue;
				}
				this.grants.remove(account.accountId(), grant.role());
				changed.add(new GrantChange(grant.role().value(), "revoked", Optional.empty()));
			}
		}
		return changed;
	}

	// a configured name that is no role name cannot name a role that exists
	private static Optional<RoleName> roleName(String configured) {
		try {
			return Optional.of(RoleName.of(configured));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private boolean leavesNoAdmin(Account account, Instant now) {
		try {
			this.lastAdmin.checkLosingAdmin(account, now);
			return false;
		}
		catch (CountersignException ex) {
			if (ex.code() != ErrorCode.ERR_LAST_ADMIN) {
				throw ex;
			}
			return true;
		}
	}

	private void record(Identity identity, Provisioned provisioned) {
		Resource account = new Resource("account", provisioned.account().username());
		if (provisioned.created()) {
			this.audit.record(EventDraft.of("user_created", FirstAdmin.SYSTEM)
				.withAction("create")
				.withResource(account)
				.withDetails(Map.of("kind", "user", "method", "oidc", "issuer", identity.issuer())));
		}
		for (GrantChange change : provisioned.changes()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("role", change.role());
			details.put("change", change.change());
			details.put("source", SOURCE);
			change.group().ifPresent((group) -> details.put("group", group));
			details.put("issuer", identity.issuer());
			this.audit.record(EventDraft.of("authz_change", FirstAdmin.SYSTEM)
				.withAction("granted".equals(change.change()) ? "grant" : "revoke")
				.withResource(account)
				.withDetails(details));
		}
	}

	private Identity identity(OidcUser user) {
		String issuer = user.getIdToken().getClaimAsString(IdTokenClaimNames.ISS);
		List<String> groups = GroupRoleMapping.groups(user.getClaims().get(this.settings.groupsClaim()));
		Optional<String> username = username(Optional.ofNullable(user.getPreferredUsername()),
				Optional.ofNullable(user.getEmail()), Boolean.TRUE.equals(user.getEmailVerified()));
		Optional<String> displayName = Optional.ofNullable(user.getFullName())
			.map(String::strip)
			.filter((name) -> !name.isEmpty())
			.map((name) -> (name.length() > MAX_DISPLAY_NAME) ? name.substring(0, MAX_DISPLAY_NAME) : name);
		List<String> methods = Optional.ofNullable(user.getIdToken().getClaimAsStringList("amr")).orElse(List.of());
		boolean multiFactor = methods.stream().anyMatch(this.settings.mfaMethods()::contains);
		return new Identity(issuer, user.getSubject(), username, displayName, groups, multiFactor);
	}

	/**
	 * The user name for a new account: {@code preferred_username}, else {@code email},
	 * lower-cased; the first that is a valid user name. The email only when the provider
	 * says it verified it ({@code email_verified}): an unverified address is whatever the
	 * user typed, perhaps someone else's.
	 */
	static Optional<String> username(Optional<String> preferredUsername, Optional<String> email,
			boolean emailVerified) {
		return Stream.of(preferredUsername, email.filter((value) -> emailVerified))
			.flatMap(Optional::stream)
			.map((candidate) -> candidate.strip().toLowerCase(Locale.ROOT))
			.filter((candidate) -> USERNAME.matcher(candidate).matches())
			.findFirst();
	}

	/** What the identity provider says about the user. */
	private record Identity(String issuer, String subject, Optional<String> username, Optional<String> displayName,
			List<String> groups, boolean multiFactor) {
	}

	private record GrantChange(String role, String change, Optional<String> group) {
	}

	private sealed interface Outcome permits Provisioned, Refused {

	}

	private record Provisioned(Account account, boolean created, List<GrantChange> changes) implements Outcome {
	}

	/** The outcome of an SSO sign-in. */
	sealed interface Result permits SignedIn, Refused {

	}

	/** The user signs in to this account. */
	record SignedIn(Account account) implements Result {
	}

	/**
	 * Sign-in is refused: {@code reason} for the ledger, {@code detail} for the user.
	 */
	record Refused(String reason, String detail, Optional<String> username) implements Result, Outcome {
	}

}
