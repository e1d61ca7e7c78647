package io.github.entraauth.sample;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent results in this instance's memory: a few per user, for a bounded number of users (the least recently
 * active user is forgotten first, so sessions that end without a sign-out cannot grow it without limit).
 */
class InMemoryRecentResults implements RecentResults {

	private static final int KEPT_PER_USER = 5;

	private final Map<ResultOwner, Deque<Result>> results;

	InMemoryRecentResults(int maxUsers) {
		this.results = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<ResultOwner, Deque<Result>> eldest) {
				return size() > maxUsers;
			}

		};
	}

	@Override
	public synchronized void add(ResultOwner owner, Result result) {
		Deque<Result> mine = this.results.computeIfAbsent(owner, (key) -> new ArrayDeque<>());
		mine.addFirst(result);
		while (mine.size() > KEPT_PER_USER) {
			mine.removeLast();
		}
	}

	@Override
	public synchronized List<Result> list(ResultOwner owner) {
		Deque<Result> mine = this.results.get(owner);
		return (mine != null) ? List.copyOf(mine) : List.of();
	}

	@Override
	public synchronized void clear(ResultOwner owner) {
		this.results.remove(owner);
	}

}
