package io.countersign.server.access.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache in front of token and permission lookups: reused while fresh, reloaded once
 * (not once per request) when stale, never used across an access change or past its hard
 * limit, and kept through a flood of one-off keys (guessed tokens).
 */
class RefreshingCacheTest {

	private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

	private final AtomicInteger loads = new AtomicInteger();

	private Instant hardLimit = Instant.MAX;

	private final RefreshingCache<String, String> cache = new RefreshingCache<>(
			(key) -> new RefreshingCache.Loaded<>(key + "#" + this.loads.incrementAndGet(), this.hardLimit));

	@Test
	void aFreshAnswerIsReused() {
		assertThat(this.cache.get("k", T0, 1, true)).isEqualTo("k#1");
		assertThat(this.cache.get("k", T0.plusMillis(1999), 1, true)).isEqualTo("k#1");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void whileOneRequestReloadsAStaleAnswerTheOthersKeepItForTheGraceOnly() throws Exception {
		CountDownLatch reloading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RefreshingCache<String, String> slow = new RefreshingCache<>((key) -> {
			int load = this.loads.incrementAndGet();
			if (load == 2) {
				reloading.countDown();
				await(release);
			}
			return new RefreshingCache.Loaded<>(key + "#" + load, Instant.MAX);
		});
		slow.get("k", T0, 1, true);
		Instant stale = T0.plus(RefreshingCache.FRESH);

		CompletableFuture<String> reloader = CompletableFuture.supplyAsync(() -> slow.get("k", stale, 1, true));
		assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
		String during = slow.get("k", stale.plusMillis(5), 1, true);
		String pastGrace = slow.get("k", stale.plus(RefreshingCache.GRACE), 1, true);
		release.countDown();

		assertThat(during).isEqualTo("k#1");
		assertThat(pastGrace).isEqualTo("k#3");
		assertThat(reloader.get(10, TimeUnit.SECONDS)).isEqualTo("k#2");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void anAccessChangeVoidsTheAnswerAtOnce() {
		this.cache.get("k", T0, 1, true);

		assertThat(this.cache.get("k", T0.plusMillis(1), 2, true)).isEqualTo("k#2");
	}

	@Test
	void anAnswerIsNeverUsedPastItsHardLimit() {
		this.hardLimit = T0.plusMillis(500);
		this.cache.get("k", T0, 1, true);

		assertThat(this.cache.get("k", T0.plusMillis(500), 1, true)).isEqualTo("k#2");
	}

	@Test
	void aFloodOfKeysLookedUpOnceDoesNotPushOutAnAnswerInUse() {
		RefreshingCache<String, String> small = new RefreshingCache<>(
				(key) -> new RefreshingCache.Loaded<>(key + "#" + this.loads.incrementAndGet(), Instant.MAX), 100);
		small.get("in-use", T0, 1, true);
		small.get("in-use", T0, 1, true);

		for (int i = 0; i < 20 * RefreshingCache.MAX_ENTRIES / 100; i++) {
			small.get("guess-" + i, T0, 1, true);
			if (i % 50 == 0) {
				assertThat(small.get("in-use", T0, 1, true)).isEqualTo("in-use#1");
			}
		}

		assertThat(small.get("in-use", T0, 1, true)).isEqualTo("in-use#1");
	}

	@Test
	void nothingIsReusedWhileChangesCouldGoUnnoticed() {
		this.cache.get("k", T0, 1, false);
		this.cache.get("k", T0, 1, false);

		assertThat(this.loads).hasValue(2);
	}

}
