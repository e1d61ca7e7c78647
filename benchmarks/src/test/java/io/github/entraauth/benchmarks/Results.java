package io.github.entraauth.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The rows of the results table, in the order measured, rendered as Markdown. */
final class Results {

	/** One figure against its baseline, measured in the same run. */
	record Row(String figure, String measured, String baseline, String ratio, String target, String met) {
	}

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	void add(String figure, String measured, String baseline, String ratio, String target, boolean met) {
		this.rows.add(new Row(figure, measured, baseline, ratio, target, met ? "yes" : "**no**"));
	}

	void note(String note) {
		this.notes.add(note);
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	String markdown() {
		StringBuilder table = new StringBuilder();
		table.append("| figure | measured | baseline (same run) | ratio | target | met |\n");
		table.append("|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			table.append("| ").append(String.join(" | ", row.figure(), row.measured(), row.baseline(), row.ratio(),
					row.target(), row.met())).append(" |\n");
		}
		if (!this.notes.isEmpty()) {
			table.append('\n');
			this.notes.forEach((note) -> table.append("- ").append(note).append('\n'));
		}
		return table.toString();
	}

	static String fixed(double value, int decimals) {
		return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
	}

}
