package io.countersign.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.CountersignApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Countersign application started inside the bench process on a PostgreSQL database,
 * so that a benchmark can call its services (the {@code AuditLog}) directly.
 */
final class InProcessServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private InProcessServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static InProcessServer start(BenchDatabase database, ServerSecrets secrets) throws IOException {
		return start(database, secrets, Map.of());
	}

	/**
	 * Starts the server with more settings and beans of the bench beside it (a sample
	 * detector, say).
	 */
	static InProcessServer start(BenchDatabase database, ServerSecrets secrets, Map<String, Object> settings,
			Class<?>... beside) throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password());
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("countersign.data-dir", Files.createTempDirectory("countersign-bench-data").toString());
		properties.putAll(secrets.asProperties());
		properties.putAll(settings);
		// as command-line arguments, which take precedence over application.yml; they
		// stay
		// inside this process
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		Class<?>[] sources = new Class<?>[beside.length + 1];
		sources[0] = CountersignApplication.class;
		System.arraycopy(beside, 0, sources, 1, beside.length);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).run(arguments);
		return new InProcessServer(context);
	}

	/** The HTTP port it listens on (loopback). */
	int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Every bean of the type, e.g. the detectors. */
	<T> java.util.Collection<T> beans(Class<T> type) {
		return this.context.getBeansOfType(type).values();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
