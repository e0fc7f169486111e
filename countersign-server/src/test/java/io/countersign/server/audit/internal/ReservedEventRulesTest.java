package io.countersign.server.audit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The rules that keep Countersign's own events its own, whoever calls the ledger: a
 * client's type, actor or submitter may not look like them, and Countersign may not write
 * a type it has not reserved.
 */
class ReservedEventRulesTest {

	private static final Submitter CLIENT = new Submitter("alice", "token:0190f5d6-3c2a-7b1e-9f00-000000000001");

	private static final Actor ALICE = new Actor("alice", "user");

	@Test
	void everyOwnTypeIsRefusedFromAClientInAnyCaseOrSeparator() {
		for (String type : ReservedEvents.TYPES) {
			for (String disguised : disguises(type)) {
				assertRefused(EventDraft.of(disguised, ALICE).withSubmitter(CLIENT), "type");
			}
		}
	}

	@Test
	void theNamespacesOfFeaturesToComeAreRefusedBeforeCountersignWritesThem() {
		for (String type : List.of("approval_granted", "APPROVAL_REQUESTED", "alert.raised", "Alert-Cleared",
				"countersign:ledger_rewritten", "authn_mfa_fail", "USER_DELETED", "session.hijacked",
				"privilege_escalated")) {
			assertRefused(EventDraft.of(type, ALICE).withSubmitter(CLIENT), "type");
		}
	}

	@Test
	void aClientsOwnTypesAreAccepted() {
		for (String type : List.of("SECRET_ROTATED", "POLICY_CHANGED", "myapp.authn_login_fail", "users_exported",
				"userdata_read", "authentication", "sessions.cleaned", "deployment_started")) {
			assertThatCode(() -> EventRules.check(EventDraft.of(type, ALICE).withSubmitter(CLIENT), "")).as(type)
				.doesNotThrowAnyException();
		}
	}

	@Test
	void theSystemActorIsRefusedFromAClientInAnyCase() {
		for (String actorType : List.of("system", "SYSTEM", "System", "sYsTeM", " system", "system ")) {
			assertRefused(EventDraft.of("SECRET_ROTATED", new Actor("countersign", actorType)).withSubmitter(CLIENT),
					"actor.type");
		}
		assertThatCode(() -> EventRules
			.check(EventDraft.of("SECRET_ROTATED", new Actor("systemd", "service")).withSubmitter(CLIENT), ""))
			.doesNotThrowAnyException();
	}

	@Test
	void countersignWritesOnlyTypesItHasReserved() {
		assertThatCode(() -> EventRules.check(EventDraft.of("user_created", new Actor("countersign", "system")), ""))
			.doesNotThrowAnyException();

		assertThatIllegalStateException()
			.isThrownBy(() -> EventRules.check(EventDraft.of("approval_granted", ALICE), ""))
			.withMessageContaining("ReservedEvents.TYPES");
		assertThatIllegalStateException()
			.isThrownBy(() -> EventRules.check(EventDraft.of("SECRET_ROTATED", ALICE), ""));
	}

	@Test
	void everyOwnTypeLiesInAReservedNamespace() {
		assertThat(ReservedEvents.TYPES).isNotEmpty()
			.allSatisfy((type) -> assertThat(ReservedEvents.namespaceOf(type)).as(type).isPresent());
	}

	// A second net under the runtime rule, for a code path no test drives: every type a
	// feature names literally when it writes an event is registered.
	@Test
	void everyEventTypeTheServerNamesInItsSourceIsRegistered() throws IOException {
		Pattern literal = Pattern.compile("EventDraft\\.of\\(\\s*\"([^\"]+)\"");
		Set<String> named = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Matcher matcher = literal.matcher(Files.readString(file));
				while (matcher.find()) {
					named.add(matcher.group(1));
				}
			}
		}
		assertThat(named).hasSizeGreaterThan(10);
		assertThat(ReservedEvents.TYPES).containsAll(named);
	}

	private static List<String> disguises(String type) {
		List<String> disguised = new ArrayList<>(List.of(type, type.toUpperCase(Locale.ROOT), titleCase(type),
				type.replace('_', '-'), type.replace('_', '.'), type.replace('_', ':'),
				type.toUpperCase(Locale.ROOT).replace('_', '.')));
		disguised.add(Character.toUpperCase(type.charAt(0)) + type.substring(1));
		return disguised;
	}

	private static String titleCase(String type) {
		StringBuilder title = new StringBuilder();
		for (String word : type.split("_")) {
			if (!title.isEmpty()) {
				title.append('_');
			}
			title.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
		}
		return title.toString();
	}

	private static void assertRefused(EventDraft draft, String field) {
		assertThatExceptionOfType(CountersignException.class).as("%s %s", draft.type(), draft.actor().type())
			.isThrownBy(() -> EventRules.check(draft, "[0]."))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.ERR_RESERVED_EVENT))
			.withMessageStartingWith("[0]." + field);
	}

}
