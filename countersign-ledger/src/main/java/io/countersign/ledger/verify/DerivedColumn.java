package io.countersign.ledger.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.event.Event;

/**
 * A value a store keeps beside each leaf as a copy of one of its members, so that queries
 * can select rows without parsing leaves. Nothing outside the leaf is trusted: each must
 * equal the member it copies, and be absent (NULL) exactly when an optional member is.
 */
public enum DerivedColumn {

	/** The {@code ts} member, stored as an instant. */
	TS("ts", "ts"),
	/** The {@code type} member. */
	TYPE("type", "type"),
	/** The {@code actor.id} member. */
	ACTOR_ID("actor_id", "actor.id"),
	/** The {@code actor.type} member. */
	ACTOR_TYPE("actor_type", "actor.type"),
	/** The optional {@code action} member. */
	ACTION("action", "action"),
	/** The {@code resource.type} member of the optional resource. */
	RESOURCE_TYPE("resource_type", "resource.type"),
	/** The {@code resource.id} member of the optional resource. */
	RESOURCE_ID("resource_id", "resource.id"),
	/** The {@code outcome} member. */
	OUTCOME("outcome", "outcome");

	private static final List<DerivedColumn> TEXTS = Arrays.stream(values()).filter((column) -> column != TS).toList();

	private final String column;

	private final String member;

	DerivedColumn(String column, String member) {
		this.column = column;
		this.member = member;
	}

	/** Every column but {@link #TS}, in their order: the ones stored as text. */
	public static List<DerivedColumn> texts() {
		return TEXTS;
	}

	/** The column's name in the store ({@code actor_id}). */
	public String column() {
		return this.column;
	}

	/** The leaf member it copies ({@code actor.id}). */
	public String member() {
		return this.member;
	}

	/**
	 * The text this column must hold for an event, empty when it must be NULL; for
	 * {@link #TS}, the instant's ISO-8601 text (compare {@link Event#ts()} instead).
	 */
	public Optional<String> valueIn(Event event) {
		return switch (this) {
			case TS -> Optional.of(event.ts().toString());
			case TYPE -> Optional.of(event.type());
			case ACTOR_ID -> Optional.of(event.actor().id());
			case ACTOR_TYPE -> Optional.of(event.actor().type());
			case ACTION -> event.action();
			case RESOURCE_TYPE -> event.resource().map((resource) -> resource.type());
			case RESOURCE_ID -> event.resource().map((resource) -> resource.id());
			case OUTCOME -> Optional.of(event.outcome().wire());
		};
	}

}
