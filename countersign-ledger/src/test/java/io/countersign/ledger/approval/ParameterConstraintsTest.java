package io.countersign.ledger.approval;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The constraints of standing rules: exact, every parameter named, and the exclusions.
 */
class ParameterConstraintsTest {

	private static final ParameterConstraints ROTATION = ParameterConstraints.fromJson(Json.parse("""
			{"secret": {"in": ["db-a", "db-b"]}, "grace.seconds": {"min": 0, "max": 600},
			 "keepOld": {"equals": true}, "note": {"equals": null}}"""));

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parameters(String json) {
		return (Map<String, Object>) Json.parse(json);
	}

	@Test
	void matchesOnlyWhenEveryConstraintHoldsAndNothingElseIsThere() {
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":600},\"keepOld\":true,\"note\":null}")))
			.isEmpty();
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-b\",\"grace\":{\"seconds\":0.5e1},\"keepOld\":true,\"note\":null}")))
			.isEmpty();
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-c\",\"grace\":{\"seconds\":60},\"keepOld\":true,\"note\":null}")))
			.hasValue("\"secret\" is \"db-c\", the rule allows {\"in\":[\"db-a\",\"db-b\"]}");
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":601},\"keepOld\":true,\"note\":null}")))
			.isPresent();
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":-1},\"keepOld\":true,\"note\":null}")))
			.isPresent();
		assertThat(ROTATION.mismatch(
				parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":\"60\"},\"keepOld\":true,\"note\":null}")))
			.as("a string is not a number")
			.isPresent();
		assertThat(ROTATION.mismatch(parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":60},\"keepOld\":true}")))
			.hasValue("the parameters have no \"note\"");
		assertThat(ROTATION
			.mismatch(parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":60},\"keepOld\":true,\"note\":\"x\"}")))
			.isPresent();
		assertThat(ROTATION.mismatch(parameters(
				"{\"secret\":\"db-a\",\"grace\":{\"seconds\":60,\"force\":true},\"keepOld\":true,\"note\":null}")))
			.hasValue("\"grace.force\" is not named by the rule");
		assertThat(ROTATION.mismatch(
				parameters("{\"secret\":\"db-a\",\"grace\":{\"seconds\":60},\"keepOld\":1,\"note\":null,\"x\":[]}")))
			.isPresent();
	}

	@Test
	void malformedConstraintsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"in\":[]}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"max\":\"9\"}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"min\":2,\"max\":1}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"equals\":1,\"max\":1}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"like\":\"%\"}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ParameterConstraints.fromJson(Json.parse("{\"a..b\":{\"equals\":1}}")));
		assertThatIllegalArgumentException().isThrownBy(
				() -> ParameterConstraints.fromJson(Json.parse("{\"a\":{\"equals\":{}},\"a.b\":{\"equals\":1}}")));
	}

	@Test
	void aRuleNeverAppliesToItsCreatorsRequestAnElevatedPolicyAGatedChangeOrAfterItsEnd() {
		Instant until = Instant.parse("2026-12-31T00:00:00Z");
		Instant before = until.minusSeconds(1);
		StandingRule rule = new StandingRule("r1", "secret.rotate",
				ParameterConstraints.fromJson(Json.parse("{\"secret\":{\"equals\":\"db-a\"}}")), PersonId.of("carl"),
				until);
		Map<String, Object> matching = parameters("{\"secret\":\"db-a\"}");
		PersonId ivan = PersonId.of("ivan");

		assertThat(rule.refusal("secret.rotate", matching, ivan, false, before)).isEmpty();
		assertThat(rule.refusal("secret.rotate", matching, PersonId.of("carl"), false, before)).isPresent();
		assertThat(rule.refusal("secret.rotate", matching, ivan, true, before)).isPresent();
		assertThat(rule.refusal("secret.rotate", matching, ivan, false, until)).isPresent();
		assertThat(rule.refusal("secret.delete", matching, ivan, false, before)).isPresent();
		assertThat(rule.refusal("secret.rotate", parameters("{\"secret\":\"db-b\"}"), ivan, false, before)).isPresent();
		for (String gated : StandingRule.GATED) {
			assertThat(StandingRule.excluded(gated, false)).as(gated).isPresent();
		}
		assertThat(StandingRule.excluded("secret.rotate", false)).isEqualTo(Optional.empty());
	}

}
