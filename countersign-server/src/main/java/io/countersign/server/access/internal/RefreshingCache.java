package io.countersign.server.access.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The short-lived cache in front of token and permission lookups. An answer counts only
 * in the {@link AccessChanges} generation it was loaded in and never past its own hard
 * limit (e.g. when a grant behind it expires). After {@link #FRESH} one request reloads
 * it while the others keep the previous answer for at most {@link #GRACE} more: without
 * that, every request arriving during the reload would query the database as well, and
 * under load those queries queue behind the pool and show up in the p99.
 * <p>
 * The entries live in a bounded Caffeine cache: its admission policy (W-TinyLFU) keeps
 * answers that are used again, so a flood of guessed tokens, each looked up once, cannot
 * push out the tokens in use (a plain map cleared when full would drop them all).
 */
public final class RefreshingCache<K, V> {

	/** How long an answer is used without reloading. */
	static final Duration FRESH = Duration.ofSeconds(2);

	/** How much longer others use it while one request reloads it. */
	static final Duration GRACE = Duration.ofSeconds(1);

	static final int MAX_ENTRIES = 10_000;

	/**
	 * Frees the memory of answers nobody asked for again; stale ones are reloaded anyway.
	 */
	private static final Duration UNUSED = Duration.ofMinutes(1);

	private final Cache<K, Entry<V>> entries;

	private final Function<K, Loaded<V>> loader;

	public RefreshingCache(Function<K, Loaded<V>> loader) {
		this(loader, MAX_ENTRIES);
	}

	public RefreshingCache(Function<K, Loaded<V>> loader, int maxEntries) {
		this.loader = loader;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterAccess(UNUSED)
			// evicting is a few pointer moves: done by the caller, not another thread
			.executor(Runnable::run)
			.build();
	}

	public V get(K key, Instant now, long generation, boolean cacheable) {
		if (!cacheable) {
			return this.loader.apply(key).value();
		}
		Entry<V> entry = this.entries.getIfPresent(key);
		if (entry != null && entry.generation() == generation && now.isBefore(entry.hardLimit())) {
			Instant stale = entry.loadedAt().plus(FRESH);
			if (now.isBefore(stale)) {
				return entry.value();
			}
			boolean refreshedElsewhere = !entry.refreshing().compareAndSet(false, true);
			if (refreshedElsewhere && now.isBefore(stale.plus(GRACE))) {
				return entry.value();
			}
		}
		return load(key, now, generation);
	}

	private V load(K key, Instant now, long generation) {
		Loaded<V> loaded = this.loader.apply(key);
		this.entries.put(key, new Entry<>(loaded.value(), now, loaded.hardLimit(), generation, new AtomicBoolean()));
		return loaded.value();
	}

	/** A loaded answer and the time after which it must never be used. */
	public record Loaded<V>(V value, Instant hardLimit) {
	}

	private record Entry<V>(V value, Instant loadedAt, Instant hardLimit, long generation, AtomicBoolean refreshing) {
	}

}
