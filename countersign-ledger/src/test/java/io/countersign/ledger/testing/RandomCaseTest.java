package io.countersign.ledger.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RandomCaseTest {

	@Test
	void aFailureNamesTheSeedThatDrawsTheSameValuesAgain() {
		List<Integer> drawn = new ArrayList<>();
		AssertionError failure = catchThrowableOfType(AssertionError.class, () -> RandomCase.check(1000, (random) -> {
			drawn.clear();
			for (int i = 0; i < 5; i++) {
				drawn.add(random.between(0, 1_000_000));
			}
			assertThat(drawn.get(4)).isLessThan(900_000);
		}));
		assertThat(failure)
			.hasMessageContaining("RandomCaseTest#aFailureNamesTheSeedThatDrawsTheSameValuesAgain failed")
			.hasMessageContaining("-Dcountersign.case=")
			.hasMessageContaining("to be less than");
		Matcher seed = Pattern.compile("seed (-?\\d+);").matcher(failure.getMessage());
		assertThat(seed.find()).isTrue();
		RandomCase again = new RandomCase(Long.parseLong(seed.group(1)));
		for (int value : drawn) {
			assertThat(again.between(0, 1_000_000)).isEqualTo(value);
		}
	}

	@Test
	void exceptionsOtherThanAssertionsAlsoNameTheSeed() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> RandomCase.check(10, (random) -> {
			throw new IllegalStateException("boom");
		}))
			.withMessageContaining("seed")
			.withMessageContaining("boom")
			.withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void everyBuildChecksTheSameCases() {
		List<Integer> first = new ArrayList<>();
		List<Integer> second = new ArrayList<>();
		RandomCase.check(20, (random) -> first.add(random.between(0, Integer.MAX_VALUE - 1)));
		RandomCase.check(20, (random) -> second.add(random.between(0, Integer.MAX_VALUE - 1)));
		assertThat(first).hasSize(20).isEqualTo(second).doesNotHaveDuplicates();
	}

	@Test
	void betweenStaysWithinItsBoundsAndReachesBoth() {
		Set<Integer> seen = new HashSet<>();
		RandomCase.check(2000, (random) -> {
			int value = random.between(-3, 3);
			assertThat(value).isBetween(-3, 3);
			seen.add(value);
			assertThat(random.between(7, 7)).isEqualTo(7);
		});
		assertThat(seen).containsExactlyInAnyOrder(-3, -2, -1, 0, 1, 2, 3);
	}

}
