package io.countersign.server.alert.internal.alerts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ledger indexes an alert cites, ascending and once each, kept bounded: an alert that
 * gathers hits for days keeps the first {@value #KEPT} (what started it) and the last
 * {@value #KEPT} (what is happening now), and counts the ones left out between them.
 *
 * @param indexes the kept indexes, ascending
 * @param omitted how many cited indexes were left out
 */
public record CitedEntries(List<Long> indexes, long omitted) {

	/** How many of the first and of the last indexes are kept. */
	public static final int KEPT = 50;

	public CitedEntries {
		indexes = List.copyOf(indexes);
	}

	public static CitedEntries of(Collection<Long> indexes) {
		return new CitedEntries(List.of(), 0).with(indexes);
	}

	/** These and {@code more}, capped again. */
	public CitedEntries with(Collection<Long> more) {
		TreeSet<Long> all = new TreeSet<>(this.indexes);
		all.addAll(more);
		if (all.size() <= 2 * KEPT) {
			return new CitedEntries(new ArrayList<>(all), this.omitted);
		}
		List<Long> sorted = new ArrayList<>(all);
		List<Long> kept = new ArrayList<>(sorted.subList(0, KEPT));
		kept.addAll(sorted.subList(sorted.size() - KEPT, sorted.size()));
		return new CitedEntries(kept, this.omitted + (sorted.size() - 2L * KEPT));
	}

	/** As stored: comma-separated. */
	public String text() {
		return this.indexes.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	public static CitedEntries parse(String text, long omitted) {
		if (text.isEmpty()) {
			return new CitedEntries(List.of(), omitted);
		}
		return new CitedEntries(Arrays.stream(text.split(",")).map(Long::valueOf).toList(), omitted);
	}

}
