package io.countersign.server.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request in {@code http_server_requests_seconds}, the meter and tags Spring
 * Boot's {@code http.server.requests} observation publishes ({@code uri} template,
 * {@code method}, {@code status}, {@code outcome}, {@code exception}, {@code error}), so
 * dashboards and alerts keep working. Recorded directly rather than through an
 * observation: the observation built a context, a scope and two key-value sets and looked
 * its timer up by tags on every request, which cost about as much as the append it timed.
 * Here a timer is looked up once per tag combination and then only found in a map.
 */
final class RequestTimer implements Filter {

	static final String METER = "http.server.requests";

	private final MeterRegistry registry;

	private final Map<Tags, Timer> timers = new ConcurrentHashMap<>();

	RequestTimer(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long start = System.nanoTime();
		Throwable thrown = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			thrown = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
			throw ex;
		}
		finally {
			long elapsed = System.nanoTime() - start;
			HttpServletRequest http = (HttpServletRequest) request;
			// an exception that escapes the chain is answered 500 by the container
			int status = (thrown != null) ? 500 : ((HttpServletResponse) response).getStatus();
			Throwable error = (thrown != null) ? thrown
					: (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable ex) ? ex : null;
			timer(new Tags(uri(http, status), method(http.getMethod()), status, exception(error))).record(elapsed,
					TimeUnit.NANOSECONDS);
		}
	}

	private Timer timer(Tags tags) {
		Timer timer = this.timers.get(tags);
		return (timer != null) ? timer : this.timers.computeIfAbsent(tags, this::register);
	}

	private Timer register(Tags tags) {
		String status = Integer.toString(tags.status());
		return Timer.builder(METER)
			.tag("uri", tags.uri())
			.tag("method", tags.method())
			.tag("status", status)
			.tag("outcome", outcome(tags.status()))
			.tag("exception", tags.exception())
			.tag("error", tags.exception())
			.register(this.registry);
	}

	/**
	 * The matched handler's path template; for requests no handler matched, the names
	 * Spring's default convention uses, so a scan of random paths adds no series.
	 */
	private static String uri(HttpServletRequest request, int status) {
		if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			return pattern.isEmpty() ? "root" : pattern;
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		return (status == 404) ? "NOT_FOUND" : "UNKNOWN";
	}

	/** Only the standard methods: a client-chosen method name would add a series. */
	private static String method(String method) {
		return switch (method) {
			case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" -> method;
			default -> "UNKNOWN";
		};
	}

	private static String exception(Throwable error) {
		if (error == null) {
			return "none";
		}
		String name = error.getClass().getSimpleName();
		return name.isEmpty() ? error.getClass().getName() : name;
	}

	static String outcome(int status) {
		return switch (status / 100) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			case 5 -> "SERVER_ERROR";
			default -> "UNKNOWN";
		};
	}

	private record Tags(String uri, String method, int status, String exception) {
	}

}
