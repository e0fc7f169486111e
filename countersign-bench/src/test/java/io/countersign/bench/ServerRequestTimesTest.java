package io.countersign.bench;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the server's request histogram (no server, no timing). */
class ServerRequestTimesTest {

	private static String scrape(long under10ms, long under300ms, long total, double sum) {
		String audit = "error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/ui/audit\"";
		return """
				# TYPE http_server_requests_seconds histogram
				http_server_requests_seconds_bucket{%1$s,le="0.01"} %2$d
				http_server_requests_seconds_bucket{%1$s,le="0.3"} %3$d
				http_server_requests_seconds_bucket{%1$s,le="+Inf"} %4$d
				http_server_requests_seconds_count{%1$s} %4$d
				http_server_requests_seconds_sum{%1$s} %5$s
				http_server_requests_seconds_bucket{error="none",exception="none",method="GET",outcome="REDIRECTION",status="302",uri="/ui/audit",le="0.01"} 7
				http_server_requests_seconds_bucket{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/ui/audit/actors",le="0.01"} 9
				"""
			.formatted(audit, under10ms, under300ms, total, sum);
	}

	@Test
	void percentilesAreTheBucketBoundsOfTheRequestsBetweenTwoScrapes() {
		ServerRequestTimes.Snapshot before = ServerRequestTimes.parse(scrape(50, 50, 50, 0.1), "/ui/audit");
		// 100 more: 98 within 10 ms, 1 within 300 ms, 1 beyond
		ServerRequestTimes.Snapshot after = ServerRequestTimes.parse(scrape(148, 149, 150, 1.1), "/ui/audit");

		ServerRequestTimes.Snapshot measured = after.since(before);

		assertThat(measured.count()).isEqualTo(100);
		assertThat(measured.percentile(0.5)).contains(Duration.ofMillis(10));
		assertThat(measured.percentile(0.99)).contains(Duration.ofMillis(300));
		assertThat(measured.percentile(1.0)).isEmpty();
		assertThat(measured.within(Duration.ofMillis(300))).isEqualTo(99);
		assertThat(measured.mean()).isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void nothingCountedHasNoPercentile() {
		ServerRequestTimes.Snapshot snapshot = ServerRequestTimes.parse("", "/ui/audit");

		assertThat(snapshot.percentile(0.99)).isEmpty();
	}

}
