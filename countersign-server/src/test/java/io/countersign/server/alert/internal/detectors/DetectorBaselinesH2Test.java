package io.countersign.server.alert.internal.detectors;

import javax.sql.DataSource;

import io.countersign.server.testing.H2ApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link BaselineScenarios} on H2 (the embedded database). */
class DetectorBaselinesH2Test extends H2ApplicationTest {

	@Autowired
	DetectorSettings settings;

	@Autowired
	AccountNetworks networks;

	@Autowired
	ActorHours hours;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	DataSource dataSource;

	BaselineScenarios scenarios;

	@BeforeEach
	void scenarios() {
		this.scenarios = new BaselineScenarios(this.settings, this.networks, this.hours, this.transaction,
				JdbcClient.create(this.dataSource));
	}

	@Test
	void newNetworksAreRememberedAcrossRestartsAndForgottenAfterThirtyDays() {
		this.scenarios.newNetworksAreRememberedAcrossRestartsAndForgottenAfterThirtyDays();
	}

	@Test
	void aRolledBackTransactionTakesWhatWasLearnedWithIt() {
		this.scenarios.aRolledBackTransactionTakesWhatWasLearnedWithIt();
	}

	@Test
	void aReplayedEventWritesNothing() {
		this.scenarios.aReplayedEventWritesNothing();
	}

	@Test
	void unusualHoursFireOnceTheBaselineSpansFourteenDays() {
		this.scenarios.unusualHoursFireOnceTheBaselineSpansFourteenDays();
	}

}
