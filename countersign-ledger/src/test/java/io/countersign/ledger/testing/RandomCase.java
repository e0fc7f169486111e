package io.countersign.ledger.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One case of a property test: the values it draws come from a {@link SplittableRandom}
 * seeded for this case alone, so the seed in a failure message reproduces the failure.
 *
 * <p>
 * {@link #check} runs a property for a fixed number of cases whose seeds follow from a
 * fixed base seed, so every build checks the same cases. Two system properties (Maven
 * passes {@code -D} on its command line to the tests):
 * <ul>
 * <li>{@code -Dcountersign.seed=<n>} explores: another base seed, other cases;</li>
 * <li>{@code -Dcountersign.case=<seed>} reproduces: only the case with that seed runs
 * (the failure message prints the whole command).</li>
 * </ul>
 * There is no shrinking: a property that fails should print what it was given.
 */
public final class RandomCase {

	/** The base seed every build uses; its cases are the ones CI has seen pass. */
	static final long BASE_SEED = 6962;

	private final SplittableRandom random;

	private final long seed;

	RandomCase(long seed) {
		this.seed = seed;
		this.random = new SplittableRandom(seed);
	}

	/**
	 * Checks {@code property} on {@code cases} random cases; the first case that throws
	 * fails the test with its seed.
	 */
	public static void check(int cases, Consumer<RandomCase> property) {
		String test = callingTest();
		Long only = Long.getLong("countersign.case");
		if (only != null) {
			run(test, 0, 1, only, property);
			return;
		}
		// the test's name takes part so two properties drawing the same ranges do not
		// check the same values
		SplittableRandom seeds = new SplittableRandom(Long.getLong("countersign.seed", BASE_SEED) ^ test.hashCode());
		for (int i = 0; i < cases; i++) {
			run(test, i, cases, seeds.nextLong(), property);
		}
	}

	private static void run(String test, int number, int cases, long seed, Consumer<RandomCase> property) {
		try {
			property.accept(new RandomCase(seed));
		}
		catch (AssertionError | RuntimeException ex) {
			String rerun = "./mvnw -pl countersign-ledger test -Dtest='%s' -Dcountersign.case=%d".formatted(test, seed);
			throw new AssertionError("%s failed on case %d of %d, seed %d; rerun it alone with%n  %s%n%s"
				.formatted(test, number + 1, cases, seed, rerun, ex.getMessage()), ex);
		}
	}

	// Class#method of the caller, as -Dtest takes it; a lambda (lambda$method$0) inside
	// the test method counts as the method
	private static String callingTest() {
		StackWalker.StackFrame caller = StackWalker.getInstance()
			.walk((frames) -> frames.skip(2).findFirst())
			.orElseThrow();
		String className = caller.getClassName();
		String method = caller.getMethodName().replaceFirst("^lambda\\$(.*)\\$\\d+$", "$1");
		return className.substring(className.lastIndexOf('.') + 1) + "#" + method;
	}

	/**
	 * A number from {@code min} to {@code max}, both included; one time in eight one of
	 * the edges ({@code min}, {@code min + 1}, {@code max - 1}, {@code max}), where
	 * off-by-one mistakes live.
	 */
	public int between(int min, int max) {
		if (min > max) {
			throw new IllegalArgumentException(min + " > " + max);
		}
		if (this.random.nextInt(8) == 0) {
			int edge = switch (this.random.nextInt(4)) {
				case 0 -> min;
				case 1 -> min + 1;
				case 2 -> max - 1;
				default -> max;
			};
			return Math.max(min, Math.min(max, edge));
		}
		return this.random.nextInt(min, max + 1);
	}

	/** A number from {@code min} to {@code max}, both included, drawn uniformly. */
	public long between(long min, long max) {
		return this.random.nextLong(min, Math.addExact(max, 1));
	}

	/** True one time in {@code n}. */
	public boolean oneIn(int n) {
		return this.random.nextInt(n) == 0;
	}

	@SafeVarargs
	public final <T> T oneOf(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	/** Present three times in four. */
	public <T> Optional<T> optional(Supplier<T> value) {
		return oneIn(4) ? Optional.empty() : Optional.of(value.get());
	}

	/**
	 * Characters drawn from {@code alphabet}, {@code minLength} to {@code maxLength} of
	 * them.
	 */
	public String string(String alphabet, int minLength, int maxLength) {
		int length = between(minLength, maxLength);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	/** Up to {@code maxSize} entries: fewer when a key is drawn twice. */
	public <K, V> Map<K, V> map(int maxSize, Supplier<K> key, Supplier<V> value) {
		Map<K, V> map = new LinkedHashMap<>();
		for (int i = between(0, maxSize); i > 0; i--) {
			map.put(key.get(), value.get());
		}
		return map;
	}

	@Override
	public String toString() {
		return "case with seed " + this.seed;
	}

}
