package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D1, D2, D3, D4, D6 and D8 on synthetic streams: each fires on the event that crosses
 * its threshold with the default settings, and stays quiet just under it.
 */
class WindowedDetectorsTest {

	private static final String ATTACKER = "203.0.113.7";

	private final Events events = new Events();

	private final Events.Fixed settings = new Events.Fixed();

	@Test
	void d1FiresOnTheFifthFailedSignInForOneAccountWithinFifteenMinutes() {
		FailedSignInsForAccount d1 = new FailedSignInsForAccount(this.settings);
		List<ObservedEvent> four = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			four.add(this.events.passwordFailure(i % 2 == 0 ? "ivan" : "IVAN", ATTACKER));
			this.events.after(Duration.ofMinutes(3));
		}
		assertThat(Events.observe(d1, four)).isEmpty();
		// other accounts and nameless failures do not count for ivan
		assertThat(Events.observe(d1,
				List.of(this.events.passwordFailure("olga", ATTACKER), this.events.tokenFailure(ATTACKER))))
			.isEmpty();

		ObservedEvent fifth = this.events.passwordFailure("ivan", "198.51.100.2");
		List<Finding> findings = d1.observe(fifth, false);

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("D1");
			assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
			assertThat(finding.subject()).isEqualTo("account:ivan");
			assertThat(finding.summary()).isEqualTo("5 failed sign-ins for ivan in 15 minutes");
			assertThat(finding.evidence()).containsExactly(four.get(0).index(), four.get(1).index(),
					four.get(2).index(), four.get(3).index(), fifth.index());
		});
	}

	@Test
	void pastTheThresholdEachFailureIsAHitAndTheCountALowerBound() {
		FailedSignInsForAccount d1 = new FailedSignInsForAccount(this.settings);
		List<Finding> findings = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			findings.addAll(d1.observe(this.events.passwordFailure("ivan", ATTACKER), false));
		}
		// only the newest 5 are kept: enough to know the threshold is reached
		assertThat(findings).extracting(Finding::summary)
			.containsExactly("5 failed sign-ins for ivan in 15 minutes",
					"at least 5 failed sign-ins for ivan in 15 minutes",
					"at least 5 failed sign-ins for ivan in 15 minutes");
		assertThat(findings.get(2).evidence()).hasSize(5);
	}

	@Test
	void d1StaysQuietWhenTheFirstFailureLeftTheWindow() {
		FailedSignInsForAccount d1 = new FailedSignInsForAccount(this.settings);
		List<ObservedEvent> stream = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			stream.add(this.events.passwordFailure("ivan", ATTACKER));
			// 5 failures spread over exactly 15 minutes: the first is out when the last
			// comes
			this.events.after(Duration.ofSeconds(225));
		}
		assertThat(Events.observe(d1, stream)).isEmpty();
	}

	@Test
	void d2CountsAggregatedFailuresByWhatTheyAddToThoseRecordedAlone() {
		FailedAuthenticationsFromSource d2 = new FailedAuthenticationsFromSource(this.settings);
		List<ObservedEvent> stream = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			stream.add((i % 2 == 0) ? this.events.tokenFailure(ATTACKER)
					: this.events.passwordFailure("user" + i, ATTACKER));
			this.events.after(Duration.ofSeconds(1));
		}
		// 18 failures in the minute, 10 of them recorded above: 8 more
		stream.add(this.events.aggregated(ATTACKER, 18, 10, 3));
		this.events.after(Duration.ofMinutes(50));
		stream.add(this.events.tokenFailure(ATTACKER));
		stream.add(this.events.tokenFailure("198.51.100.2"));
		assertThat(Events.observe(d2, stream)).as("19 failures from one address").isEmpty();

		List<Finding> findings = d2.observe(this.events.tokenFailure(ATTACKER), false);

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("source:" + ATTACKER);
			assertThat(finding.summary()).isEqualTo("20 failed authentications from 203.0.113.7 in 1 hour");
		});
	}

	@Test
	void d3FiresWhenOneSourceFailsOnFiveDistinctAccountsWithinTenMinutes() {
		PasswordSpraying d3 = new PasswordSpraying(this.settings);
		List<ObservedEvent> stream = new ArrayList<>();
		for (String name : List.of("ann", "bob", "ann", "cid", "ANN", "dan", "bob")) {
			stream.add(this.events.passwordFailure(name, ATTACKER));
			stream.add(this.events.passwordFailure("eve", "198.51.100.2"));
			this.events.after(Duration.ofMinutes(1));
		}
		assertThat(Events.observe(d3, stream)).as("4 distinct accounts").isEmpty();

		ObservedEvent fifth = this.events.passwordFailure("eve", ATTACKER);
		List<Finding> findings = d3.observe(fifth, false);

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("source:" + ATTACKER);
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.summary())
				.isEqualTo("203.0.113.7 failed to sign in as 5 different accounts in 10 minutes");
			assertThat(finding.evidence()).hasSize(5).last().isEqualTo(fifth.index());
		});
	}

	@Test
	void d3ReadsTheDistinctNamesAnAggregatedEventCounted() {
		PasswordSpraying d3 = new PasswordSpraying(this.settings);
		assertThat(d3.observe(this.events.aggregated(ATTACKER, 40, 10, 4), false)).isEmpty();
		this.events.after(Duration.ofMinutes(1));
		assertThat(d3.observe(this.events.aggregated(ATTACKER, 40, 10, 5), false)).singleElement()
			.extracting(Finding::subject)
			.isEqualTo("source:" + ATTACKER);
	}

	@Test
	void d4FiresOnASuccessAfterThreeFailuresAndNotAfterTwo() {
		SignInAfterFailures d4 = new SignInAfterFailures(this.settings);
		List<ObservedEvent> two = List.of(this.events.passwordFailure("ivan", ATTACKER),
				this.events.after(Duration.ofMinutes(1)).passwordFailure("ivan", ATTACKER));
		assertThat(Events.observe(d4, two)).isEmpty();
		assertThat(d4.observe(this.events.signIn("ivan", ATTACKER), false)).as("success after 2 failures").isEmpty();

		List<ObservedEvent> three = List.of(this.events.passwordFailure("olga", ATTACKER),
				this.events.passwordFailure("olga", ATTACKER), this.events.passwordFailure("olga", ATTACKER));
		assertThat(Events.observe(d4, three)).isEmpty();
		ObservedEvent success = this.events.after(Duration.ofMinutes(14)).signIn("olga", ATTACKER);
		assertThat(d4.observe(success, false)).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("account:olga");
			assertThat(finding.summary()).isEqualTo("olga signed in after 3 failed sign-ins in 15 minutes");
			assertThat(finding.evidence()).containsExactly(three.get(0).index(), three.get(1).index(),
					three.get(2).index(), success.index());
		});
		// the success starts the count afresh
		assertThat(d4.observe(this.events.signIn("olga", ATTACKER), false)).isEmpty();
	}

	@Test
	void d6FiresOnTheEighthExportWithinTenMinutes() {
		BulkExport d6 = new BulkExport(this.settings);
		List<ObservedEvent> seven = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			seven.add(this.events.export("svc-backup", 10));
			this.events.after(Duration.ofSeconds(80));
		}
		assertThat(Events.observe(d6, seven)).isEmpty();
		assertThat(d6.observe(this.events.export("svc-other", 10), false)).isEmpty();

		assertThat(d6.observe(this.events.export("svc-backup", 10), false)).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("actor:svc-backup");
			assertThat(finding.summary()).isEqualTo("svc-backup: 8 exports in 10 minutes");
			assertThat(finding.evidence()).hasSize(8);
		});
	}

	@Test
	void d6CountsFurtherPagesOfOneExportAsRowsNotAsExports() {
		BulkExport d6 = new BulkExport(this.settings);
		List<ObservedEvent> paged = new ArrayList<>();
		paged.add(this.events.export("auditor", 100));
		for (int i = 0; i < 20; i++) {
			paged.add(this.events.exportContinued("auditor", 100));
		}
		assertThat(Events.observe(d6, paged)).as("one export of 2,100 rows in 21 pages").isEmpty();

		// the rows of every page count: 10,001 rows within the hour
		assertThat(d6.observe(this.events.exportContinued("auditor", 7_901), false)).singleElement()
			.extracting(Finding::summary)
			.isEqualTo("auditor: 10001 rows exported in 1 hour");
	}

	@Test
	void d6FiresOnMoreThanTenThousandRowsWithinAnHour() {
		BulkExport d6 = new BulkExport(this.settings);
		List<ObservedEvent> stream = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			stream.add(this.events.export("svc-backup", 2_500));
			this.events.after(Duration.ofMinutes(14));
		}
		assertThat(Events.observe(d6, stream)).as("exactly 10,000 rows").isEmpty();

		assertThat(d6.observe(this.events.export("svc-backup", 1), false)).singleElement()
			.extracting(Finding::summary)
			.isEqualTo("svc-backup: 10001 rows exported in 1 hour");
	}

	@Test
	void d8FiresOnTheTenthAuthorizationFailureWithinFiveMinutes() {
		FailedAuthorizationsByActor d8 = new FailedAuthorizationsByActor(this.settings);
		List<ObservedEvent> nine = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			nine.add(this.events.denied("mallory"));
			this.events.after(Duration.ofSeconds(30));
		}
		assertThat(Events.observe(d8, nine)).isEmpty();
		assertThat(d8.observe(this.events.denied("mallory"), false)).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("actor:mallory");
			assertThat(finding.summary()).isEqualTo("10 authorization failures by mallory in 5 minutes");
			assertThat(finding.evidence()).hasSize(10);
		});
	}

	@Test
	void aChangedThresholdAppliesToTheNextEventAndADisabledRuleIsQuiet() {
		this.settings.with(Rule.D8, new RuleSettings(true, Severity.HIGH, Optional.of(2L),
				Optional.of(Duration.ofMinutes(5)), Optional.empty(), Optional.empty()));
		FailedAuthorizationsByActor d8 = new FailedAuthorizationsByActor(this.settings);
		assertThat(d8.observe(this.events.denied("mallory"), false)).isEmpty();
		assertThat(d8.observe(this.events.denied("mallory"), false)).singleElement()
			.extracting(Finding::severity)
			.isEqualTo(Severity.HIGH);

		this.settings.with(Rule.D8, new RuleSettings(false, Severity.HIGH, Optional.of(2L),
				Optional.of(Duration.ofMinutes(5)), Optional.empty(), Optional.empty()));
		assertThat(d8.observe(this.events.denied("mallory"), false)).isEmpty();
		assertThat(d8.window()).isEqualTo(Duration.ZERO);
	}

	@Test
	void atTheSubjectCapTheLeastRecentlyActiveSubjectIsForgotten() {
		FailedSignInsForAccount d1 = new FailedSignInsForAccount(new Events.Fixed(2));
		for (int i = 0; i < 4; i++) {
			d1.observe(this.events.passwordFailure("ivan", ATTACKER), false);
		}
		// two other accounts push ivan out: his count starts again
		d1.observe(this.events.passwordFailure("olga", ATTACKER), false);
		d1.observe(this.events.passwordFailure("petr", ATTACKER), false);
		assertThat(d1.observe(this.events.passwordFailure("ivan", ATTACKER), false)).isEmpty();
	}

	@Test
	void aHitOutsideTheWindowBecauseItWasAppendedLateIsNotCounted() {
		FailedAuthorizationsByActor d8 = new FailedAuthorizationsByActor(this.settings);
		List<ObservedEvent> late = new ArrayList<>();
		Events old = new Events();
		this.events.after(Duration.ofHours(1));
		for (int i = 0; i < 9; i++) {
			d8.observe(this.events.denied("mallory"), false);
			late.add(old.denied("mallory"));
		}
		assertThat(Events.observe(d8, late)).isEmpty();
	}

}
