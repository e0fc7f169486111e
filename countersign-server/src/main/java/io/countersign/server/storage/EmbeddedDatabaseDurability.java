package io.countersign.server.storage;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Makes a commit on an H2 database reach the file before it returns. By default H2 keeps
 * committed changes in memory for up to {@code WRITE_DELAY} = 500 ms, so a killed process
 * loses transactions it had acknowledged; the service appends {@code WRITE_DELAY=0} to
 * every H2 URL that is not in memory, including one an operator supplies, and refuses
 * settings that would undo durability: another write delay, or {@code FILE_LOCK=NO} (two
 * processes writing one file). PostgreSQL URLs are left alone.
 *
 * <p>
 * The ledger's sync after each batch relies on this too: with a write delay, H2's
 * background writer may have taken a commit's changes and still hold their write in a
 * queue when the sync runs, which then finds nothing to write and returns early. Without
 * one, each commit writes in the committing thread. See docs/embedded-database.md.
 */
@Component
class EmbeddedDatabaseDurability implements BeanPostProcessor {

	private static final String H2 = "jdbc:h2:";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
			properties.setUrl(durable(properties.getUrl()));
		}
		return bean;
	}

	/**
	 * The URL with {@code WRITE_DELAY=0} if it names an H2 database that is not in
	 * memory; any other URL as it is.
	 * @throws IllegalStateException if the URL sets a write delay other than 0 or turns
	 * the file lock off
	 */
	static String durable(String url) {
		if (!url.regionMatches(true, 0, H2, 0, H2.length()) || url.startsWith("mem:", H2.length())) {
			return url;
		}
		Map<String, String> settings = settings(url);
		Optional.ofNullable(settings.get("FILE_LOCK")).filter("NO"::equalsIgnoreCase).ifPresent((off) -> {
			throw new IllegalStateException("the database URL sets FILE_LOCK=NO: a second process could write the "
					+ "same H2 file and fork the ledger; remove the setting");
		});
		String writeDelay = settings.get("WRITE_DELAY");
		if (writeDelay == null) {
			return url + ";WRITE_DELAY=0";
		}
		if (!writeDelay.strip().equals("0")) {
			throw new IllegalStateException("the database URL sets WRITE_DELAY=" + writeDelay
					+ ": H2 would acknowledge commits before writing them, and a crash would lose acknowledged "
					+ "ledger entries; remove the setting (Countersign sets WRITE_DELAY=0)");
		}
		return url;
	}

	// H2 URL settings: ";KEY=value" after the database name, keys in any case
	private static Map<String, String> settings(String url) {
		Map<String, String> settings = new TreeMap<>();
		String[] parts = url.split(";");
		for (int i = 1; i < parts.length; i++) {
			int equals = parts[i].indexOf('=');
			if (equals > 0) {
				settings.put(parts[i].substring(0, equals).strip().toUpperCase(Locale.ROOT),
						parts[i].substring(equals + 1));
			}
		}
		return settings;
	}

}
