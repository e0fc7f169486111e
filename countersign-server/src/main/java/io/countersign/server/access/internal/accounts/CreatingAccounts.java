package io.countersign.server.access.internal.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AccessChange;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessGuards;
import io.countersign.server.access.internal.passwords.PasswordPolicy;
import io.countersign.server.access.internal.roles.GrantingRoles;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating user and service accounts, with their first roles granted in the same
 * transaction and by the same rules as any grant ({@link GrantingRoles}).
 */
@Service
public class CreatingAccounts {

	private final Accounts accounts;

	private final RoleGrants grants;

	private final GrantingRoles granting;

	private final PasswordPolicy passwordPolicy;

	private final PasswordEncoder passwordEncoder;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final AccessGuards guards;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final OwnerRule owners;

	CreatingAccounts(Accounts accounts, RoleGrants grants, GrantingRoles granting, PasswordPolicy passwordPolicy,
			PasswordEncoder passwordEncoder, AccessChanges changes, AccessAudit audit, AccessGuards guards,
			TransactionTemplate transaction, Clock clock, OwnerRule owners) {
		this.owners = owners;
		this.accounts = accounts;
		this.grants = grants;
		this.granting = granting;
		this.passwordPolicy = passwordPolicy;
		this.passwordEncoder = passwordEncoder;
		this.changes = changes;
		this.audit = audit;
		this.guards = guards;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** An account to create, validated at the edge. */
	public record NewAccount(String username, String displayName, AccountKind kind, Optional<String> password,
			List<RoleName> roles, Optional<String> owner, Optional<String> email) {

		public NewAccount(String username, String displayName, AccountKind kind, Optional<String> password,
				List<RoleName> roles, Optional<String> owner) {
			this(username, displayName, kind, password, roles, owner, Optional.empty());
		}

		public NewAccount(String username, String displayName, AccountKind kind, Optional<String> password,
				List<RoleName> roles) {
			this(username, displayName, kind, password, roles, Optional.empty());
		}

		public NewAccount {
			roles = List.copyOf(new LinkedHashSet<>(roles));
			owner = (owner != null) ? owner : Optional.empty();
			email = (email != null) ? email : Optional.empty();
		}

		@Override
		public String toString() {
			return "NewAccount[" + this.username + ", " + this.kind + ", roles=" + this.roles + "]";
		}

	}

	public Account create(Caller caller, NewAccount request) {
		Instant now = this.clock.instant();
		if (this.accounts.findByUsername(request.username()).isPresent()) {
			throw taken(request.username());
		}
		if (request.kind() == AccountKind.SERVICE && request.password().isPresent()) {
			throw AccessInput.invalid("service accounts have no password; they authenticate with API tokens");
		}
		Optional<String> owner = this.owners.ownerOfNew(caller, request.kind(), request.owner());
		if (!request.roles().isEmpty()) {
			this.granting.checkMayGrant(caller);
		}
		request.password().ifPresent((password) -> this.passwordPolicy.check(request.username(), password));
		Account account = new Account(UUID.randomUUID().toString(), request.username(), request.displayName(),
				request.kind(), false, request.password().map(this.passwordEncoder::encode), false, now, now,
				Optional.empty(), owner, request.email());
		List<GrantingRoles.AllowedGrant> initial = new ArrayList<>();
		for (RoleName role : request.roles()) {
			initial.add(this.granting.proposed(caller, account, role, Optional.empty(), now));
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("kind", account.kind().wire());
		details.put("displayName", account.displayName());
		details.put("password", account.passwordHash().isPresent());
		details.put("roles", request.roles().stream().map(RoleName::value).toList());
		owner.ifPresent((name) -> details.put("owner", name));
		// whether, not which: the ledger keeps no address it could never forget
		details.put("email", request.email().isPresent());
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.accounts.insert(account);
				initial.forEach((allowed) -> this.grants.put(allowed.grant()));
				this.changes.changed();
				this.audit.record(EventDraft.of("user_created", caller.actor())
					.withAction("create")
					.withResource(new Resource("account", account.username()))
					.withDetails(details));
				initial.forEach((allowed) -> {
					this.granting.recordGranted(caller, account, allowed.grant(), allowed.reason());
					this.guards.check(new AccessChange.RoleGranted(caller.actor(), account.username(),
							allowed.grant().role().value()));
				});
			});
		}
		catch (DuplicateKeyException ex) {
			throw taken(request.username());
		}
		return account;
	}

	private static CountersignException taken(String username) {
		return new CountersignException(ErrorCode.ERR_USERNAME_TAKEN, "An account named '" + username
				+ "' exists (archived accounts keep their names so the ledger stays attributable).");
	}

}
