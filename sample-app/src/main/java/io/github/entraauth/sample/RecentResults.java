package io.github.entraauth.sample;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.entraauth.livy.ResultTable;

import org.springframework.stereotype.Component;

/**
 * The last few query results run from the web UI, shown to every signed-in user (viewers included).
 */
@Component
class RecentResults {

	private static final int KEPT = 5;

	private final Deque<Result> results = new ArrayDeque<>();

	synchronized void add(Result result) {
		this.results.addFirst(result);
		while (this.results.size() > KEPT) {
			this.results.removeLast();
		}
	}

	synchronized List<Result> list() {
		return List.copyOf(this.results);
	}

	/**
	 * One result.
	 *
	 * @param user who ran it
	 * @param sql the statement
	 * @param table its rows
	 * @param at when it finished
	 */
	record Result(String user, String sql, ResultTable table, Instant at) {
	}

}
