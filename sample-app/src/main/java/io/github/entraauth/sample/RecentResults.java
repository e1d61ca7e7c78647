package io.github.entraauth.sample;

import java.time.Instant;
import java.util.List;

import io.github.entraauth.livy.ResultTable;

/**
 * The last few query results each signed-in user ran from the web UI, shown only to that user. A store shared by
 * every instance (Redis) can replace the in-memory bean when the sample runs on several instances.
 */
interface RecentResults {

	/**
	 * Keeps a result of the user's, dropping their oldest beyond the store's limit.
	 * @param owner the user who ran it
	 * @param result the result
	 */
	void add(ResultOwner owner, Result result);

	/**
	 * The user's own results, newest first.
	 * @param owner the signed-in user
	 * @return the results, never another user's
	 */
	List<Result> list(ResultOwner owner);

	/**
	 * Forgets the user's results, at sign-out.
	 * @param owner the user
	 */
	void clear(ResultOwner owner);

	/**
	 * One result.
	 *
	 * @param sql the statement
	 * @param table its rows
	 * @param at when it finished
	 */
	record Result(String sql, ResultTable table, Instant at) {
	}

}
