package io.countersign.server.access;

import io.countersign.ledger.event.Actor;

/**
 * A change to who may do what that other features watch (approvals: whether every quorum
 * can still be met, whether a second admin now exists), as {@link AccessChangeGuard}s are
 * told of it.
 */
public sealed interface AccessChange {

	/** Who made the change. */
	Actor actor();

	/** {@code role} was granted to the account {@code username}. */
	record RoleGranted(Actor actor, String username, String role) implements AccessChange {
	}

	/** {@code role} was taken from the account {@code username}. */
	record RoleRevoked(Actor actor, String username, String role) implements AccessChange {
	}

	/** The account {@code username} was archived: it holds nothing any more. */
	record AccountArchived(Actor actor, String username) implements AccessChange {
	}

	/** {@code role} no longer gives {@code permission}. */
	record PermissionRemoved(Actor actor, String role, String permission) implements AccessChange {
	}

	/** {@code role} was deleted, and every grant of it with it. */
	record RoleDeleted(Actor actor, String role) implements AccessChange {
	}

}
