package io.countersign.server.compliance.internal.console;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.countersign.server.compliance.ScorePoint;

/**
 * A framework's daily scores as an inline SVG drawn by the server (no chart library, no
 * script): two polylines, the implemented share and the risk-weighted score, over the
 * days of the period, 0 % at the bottom, 100 % at the top.
 *
 * @param share the points of the implemented share's line ({@code x,y x,y …})
 * @param weighted the points of the weighted score's line
 * @param from the first day shown
 * @param to the last day shown
 * @param empty whether there is no point to draw
 * @param summary the chart in words, for screen readers and the title
 */
record TrendChart(String share, String weighted, LocalDate from, LocalDate to, boolean empty, String summary) {

	static final int WIDTH = 600;

	static final int HEIGHT = 160;

	static final int PAD = 10;

	static TrendChart of(List<ScorePoint> points, LocalDate from, LocalDate to) {
		long days = Math.max(1, to.toEpochDay() - from.toEpochDay());
		StringBuilder share = new StringBuilder();
		StringBuilder weighted = new StringBuilder();
		for (ScorePoint point : points) {
			double x = PAD + (WIDTH - 2.0 * PAD) * (point.day().toEpochDay() - from.toEpochDay()) / days;
			append(share, x, point.implementedShare());
			append(weighted, x, point.weightedScore());
		}
		String summary = points.isEmpty() ? "No scores recorded from " + from + " to " + to + "."
				: String.format(Locale.ROOT,
						"%d daily scores from %s to %s; latest: %.0f %% implemented, %.0f %% weighted.", points.size(),
						points.get(0).day(), points.get(points.size() - 1).day(),
						100 * points.get(points.size() - 1).implementedShare(),
						100 * points.get(points.size() - 1).weightedScore());
		// a single day draws as a short flat line, so it shows
		if (points.size() == 1) {
			ScorePoint only = points.get(0);
			share.setLength(0);
			weighted.setLength(0);
			append(share, WIDTH - PAD - 20, only.implementedShare());
			append(share, WIDTH - PAD, only.implementedShare());
			append(weighted, WIDTH - PAD - 20, only.weightedScore());
			append(weighted, WIDTH - PAD, only.weightedScore());
		}
		return new TrendChart(share.toString().strip(), weighted.toString().strip(), from, to, points.isEmpty(),
				summary);
	}

	private static void append(StringBuilder line, double x, double value) {
		double y = PAD + (HEIGHT - 2.0 * PAD) * (1 - Math.max(0, Math.min(1, value)));
		line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
	}

	public String viewBox() {
		return "0 0 " + WIDTH + " " + HEIGHT;
	}

}
