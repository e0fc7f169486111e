package io.countersign.server.testing;

import java.util.Map;

import io.countersign.server.CountersignApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application started the way {@code java -jar} starts it, for tests about startup
 * itself (first start, restart, configuration errors). Settings are passed as command
 * line arguments so they override application.yml as an operator's would.
 */
public final class RunningApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts the service on a random port with the given settings. */
	public static RunningApplication start(Map<String, String> settings) {
		return start(settings, new Class<?>[0]);
	}

	/**
	 * Starts the service with the given settings and test configurations besides it (say,
	 * a test detector).
	 */
	public static RunningApplication start(Map<String, String> settings, Class<?>... configurations) {
		String[] args = settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		String[] withPort = java.util.stream.Stream
			.concat(java.util.stream.Stream.of("--server.port=0"), java.util.Arrays.stream(args))
			.toArray(String[]::new);
		Class<?>[] sources = java.util.stream.Stream
			.concat(java.util.stream.Stream.of(CountersignApplication.class), java.util.Arrays.stream(configurations))
			.toArray(Class<?>[]::new);
		return new RunningApplication(new SpringApplicationBuilder(sources).run(withPort));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public ApiClient api() {
		return new ApiClient(port());
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
