package io.countersign.server.alert.internal.detectors;

/** Where a detector reads the settings of its rule at the moment. */
interface CurrentSettings {

	/** The settings {@code rule} runs with now. */
	RuleSettings of(Rule rule);

	/** The subjects a windowed rule tracks at most. */
	int maxSubjects();

}
