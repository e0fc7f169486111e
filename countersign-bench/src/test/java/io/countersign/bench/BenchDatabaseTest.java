package io.countersign.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bench drops and creates its database, so it accepts only databases named for it.
 */
class BenchDatabaseTest {

	@Test
	void acceptsDatabasesNamedForTheBench() {
		for (String name : new String[] { "countersign_bench", "countersign_bench_append", "countersign_bench_10m" }) {
			assertThat(BenchDatabase.of("jdbc:postgresql://127.0.0.1:5432/" + name).name()).isEqualTo(name);
		}
		assertThat(BenchDatabase.of("jdbc:postgresql://db:5432/countersign_bench_x?sslmode=disable").name())
			.isEqualTo("countersign_bench_x");
	}

	@Test
	void refusesEveryOtherDatabase() {
		for (String name : new String[] { "postgres", "countersign", "template1", "my_countersign_bench",
				"countersign_benc", "Countersign_Bench", "COUNTERSIGN_BENCH_X" }) {
			assertThatIllegalArgumentException().as(name)
				.isThrownBy(() -> BenchDatabase.of("jdbc:postgresql://127.0.0.1:5432/" + name))
				.withMessageStartingWith("refusing database " + name + ":")
				.withMessageContaining("must start with countersign_bench");
		}
	}

	@Test
	void refusesBeforeDroppingEvenWhenBuiltAroundTheCheck() {
		// the record's constructor does not check; dropping and creating do
		BenchDatabase production = new BenchDatabase("jdbc:postgresql://127.0.0.1:1/countersign", "postgres", "");

		assertThatIllegalArgumentException().isThrownBy(production::recreate)
			.withMessageStartingWith("refusing database countersign:");
		assertThatIllegalArgumentException().isThrownBy(production::createIfAbsent)
			.withMessageStartingWith("refusing database countersign:");
	}

}
