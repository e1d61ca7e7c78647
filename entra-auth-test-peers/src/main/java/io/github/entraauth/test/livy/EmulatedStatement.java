package io.github.entraauth.test.livy;

/**
 * A statement's state machine: {@code waiting → running → available}, with {@code available} polls whose
 * output is still {@code null} before the result shows; cancelling takes one poll.
 */
final class EmulatedStatement {

	final int id;

	final String code;

	final String kind;

	private final LivySettings settings;

	StatementOutput output = StatementOutput.ok("");

	int polls;

	long started;

	boolean cancelled;

	private int cancelPolls;

	EmulatedStatement(int id, String code, String kind, LivySettings settings) {
		this.id = id;
		this.code = code;
		this.kind = kind;
		this.settings = settings;
	}

	String state() {
		if (this.cancelled) {
			return (this.cancelPolls++ < 1) ? "cancelling" : "cancelled";
		}
		if (this.polls <= 0) {
			return "waiting";
		}
		if (this.output.neverEnds() || this.polls < this.settings.statementPolls) {
			return "running";
		}
		return "available";
	}

	boolean revealed() {
		return this.polls >= this.settings.statementPolls + this.settings.nullOutputPolls;
	}

	boolean finished() {
		return this.cancelled || (!this.output.neverEnds() && revealed());
	}

	/** Ends the statement with an error, as when its Spark application dies. */
	void fail(StatementOutput error) {
		this.output = error;
		this.polls = Integer.MAX_VALUE / 2;
	}

}
