package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D5 and D9 against a real database, as the engine drives them: each event in a
 * transaction of its own, what they learn kept in their tables across a restart (a new
 * detector, or {@code reset()}), undone with a transaction that rolls back, and nothing
 * written on a replayed event. Run on PostgreSQL and on H2.
 */
final class BaselineScenarios {

	private final DetectorSettings settings;

	private final AccountNetworks networks;

	private final ActorHours hours;

	private final TransactionTemplate transaction;

	private final JdbcClient jdbc;

	BaselineScenarios(DetectorSettings settings, AccountNetworks networks, ActorHours hours,
			TransactionTemplate transaction, JdbcClient jdbc) {
		this.settings = settings;
		this.networks = networks;
		this.hours = hours;
		this.transaction = transaction;
		this.jdbc = jdbc;
	}

	void newNetworksAreRememberedAcrossRestartsAndForgottenAfterThirtyDays() {
		Events events = new Events();
		NewNetworkSignIn d5 = new NewNetworkSignIn(this.settings, this.networks);
		assertThat(observe(d5, events.signIn("ivan", "203.0.113.7"))).as("the first sign-in teaches").isEmpty();
		assertThat(observe(d5, events.after(Duration.ofDays(1)).signIn("ivan", "203.0.113.200"))).as("the same /24")
			.isEmpty();
		ObservedEvent elsewhere = events.after(Duration.ofDays(1)).signIn("ivan", "198.51.100.1");
		assertThat(observe(d5, elsewhere)).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("D5");
			assertThat(finding.subject()).isEqualTo("account:ivan");
			assertThat(finding.summary())
				.isEqualTo("ivan signed in from 198.51.100.0/24, a network not seen for them in 30 days");
			assertThat(finding.evidence()).containsExactly(elsewhere.index());
		});

		NewNetworkSignIn restarted = new NewNetworkSignIn(this.settings, this.networks);
		assertThat(observe(restarted, events.after(Duration.ofDays(18)).signIn("ivan", "198.51.100.9")))
			.as("known from the table after a restart")
			.isEmpty();
		assertThat(observe(restarted, events.after(Duration.ofDays(15)).signIn("ivan", "203.0.113.7")))
			.as("last seen 33 days ago")
			.hasSize(1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM alert_account_network WHERE account = 'ivan'")
			.query(Long.class)
			.single()).as("networks older than the window are deleted").isEqualTo(2);
	}

	void aRolledBackTransactionTakesWhatWasLearnedWithIt() {
		Events events = new Events();
		NewNetworkSignIn d5 = new NewNetworkSignIn(this.settings, this.networks);
		observe(d5, events.signIn("olga", "203.0.113.7"));
		ObservedEvent elsewhere = events.after(Duration.ofHours(1)).signIn("olga", "192.0.2.10");
		List<Finding> rolledBack = this.transaction.execute((status) -> {
			status.setRollbackOnly();
			return d5.observe(elsewhere, false);
		});
		assertThat(rolledBack).hasSize(1);
		// after a rollback the engine resets and shows the event again
		d5.reset();
		assertThat(observe(d5, elsewhere)).hasSize(1);
	}

	void aReplayedEventWritesNothing() {
		Events events = new Events();
		NewNetworkSignIn d5 = new NewNetworkSignIn(this.settings, this.networks);
		UnusualHours d9 = new UnusualHours(this.settings, this.hours);
		assertThat(d5.window()).isZero();
		assertThat(d9.window()).isZero();
		ObservedEvent signIn = events.signIn("petr", "203.0.113.7");
		this.transaction.executeWithoutResult((status) -> {
			assertThat(d5.observe(signIn, true)).isEmpty();
			assertThat(d9.observe(signIn, true)).isEmpty();
		});
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM alert_account_network WHERE account = 'petr'")
			.query(Long.class)
			.single()).isZero();
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM alert_actor_hours WHERE actor = 'petr'").query(Long.class).single())
			.isZero();
	}

	void unusualHoursFireOnceTheBaselineSpansFourteenDays() {
		Events events = new Events();
		UnusualHours d9 = new UnusualHours(this.settings, this.hours);
		// Events.START is 09:00 UTC: anna works 09:00-09:59 every day
		List<Finding> learning = new ArrayList<>();
		for (int day = 0; day < 14; day++) {
			learning.addAll(observe(d9, events.denied("anna")));
			learning.addAll(observe(d9, events.after(Duration.ofMinutes(20)).denied("anna")));
			if (day == 6) {
				// 20:20 on day 6, unusual, but the baseline spans only 6 days
				learning.addAll(observe(d9, events.after(Duration.ofHours(11)).denied("anna")));
				events.after(Duration.ofHours(12).plusMinutes(40));
			}
			else {
				events.after(Duration.ofHours(23).plusMinutes(40));
			}
		}
		assertThat(learning).as("quiet while learning").isEmpty();

		UnusualHours restarted = new UnusualHours(this.settings, this.hours);
		// day 14, 10:30: next to the usual hour
		assertThat(observe(restarted, events.after(Duration.ofMinutes(90)).denied("anna"))).isEmpty();
		// 03:30 on day 15
		ObservedEvent night = events.after(Duration.ofHours(17)).denied("anna");
		assertThat(observe(restarted, night)).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("D9");
			assertThat(finding.subject()).isEqualTo("actor:anna");
			assertThat(finding.summary())
				.isEqualTo("anna was active at 03:00-03:59 UTC, outside their usual hours of the last 30 days");
		});
		assertThat(observe(restarted, events.after(Duration.ofMinutes(5)).denied("anna")))
			.as("the rest of the hour is known by then")
			.isEmpty();
		// 21:05 on day 15 is next to 20:20 on day 6, learned while the baseline was short
		assertThat(observe(restarted, events.after(Duration.ofHours(17).plusMinutes(30)).denied("anna"))).isEmpty();
	}

	/** Observes one event in a transaction of its own, as the engine does. */
	private List<Finding> observe(RuleDetector detector, ObservedEvent event) {
		return this.transaction.execute((status) -> detector.observe(event, false));
	}

}
