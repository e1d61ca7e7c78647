package io.github.entraauth.sample;

import java.time.Instant;
import java.util.List;

import io.github.entraauth.livy.ResultTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store of recent results: per user, newest first, a few per user, bounded in users.
 */
class InMemoryRecentResultsTests {

	private static final ResultOwner ALICE = new ResultOwner("tenant-1", "oid-alice");

	private static final ResultOwner BOB = new ResultOwner("tenant-1", "oid-bob");

	private final InMemoryRecentResults results = new InMemoryRecentResults(2);

	@Test
	void eachUserSeesOnlyTheirOwnResultsNewestFirst() {
		this.results.add(ALICE, result("SELECT 1"));
		this.results.add(ALICE, result("SELECT 2"));

		assertThat(this.results.list(ALICE)).extracting(RecentResults.Result::sql)
			.containsExactly("SELECT 2", "SELECT 1");
		assertThat(this.results.list(BOB)).isEmpty();
	}

	@Test
	void sameObjectIdInAnotherTenantIsAnotherUser() {
		this.results.add(ALICE, result("SELECT 1"));

		assertThat(this.results.list(new ResultOwner("tenant-2", "oid-alice"))).isEmpty();
	}

	@Test
	void keepsTheLastFivePerUser() {
		for (int i = 1; i <= 7; i++) {
			this.results.add(ALICE, result("SELECT " + i));
		}

		assertThat(this.results.list(ALICE)).extracting(RecentResults.Result::sql)
			.containsExactly("SELECT 7", "SELECT 6", "SELECT 5", "SELECT 4", "SELECT 3");
	}

	@Test
	void clearForgetsOnlyThatUsersResults() {
		this.results.add(ALICE, result("SELECT 1"));
		this.results.add(BOB, result("SELECT 2"));

		this.results.clear(ALICE);

		assertThat(this.results.list(ALICE)).isEmpty();
		assertThat(this.results.list(BOB)).hasSize(1);
	}

	@Test
	void forgetsTheLeastRecentlyActiveUserBeyondTheLimit() {
		ResultOwner carol = new ResultOwner("tenant-1", "oid-carol");
		this.results.add(ALICE, result("SELECT 1"));
		this.results.add(BOB, result("SELECT 2"));
		this.results.list(ALICE);

		this.results.add(carol, result("SELECT 3"));

		assertThat(this.results.list(BOB)).isEmpty();
		assertThat(this.results.list(ALICE)).hasSize(1);
		assertThat(this.results.list(carol)).hasSize(1);
	}

	private static RecentResults.Result result(String sql) {
		return new RecentResults.Result(sql, new ResultTable(List.of(), List.of()), Instant.now());
	}

}
