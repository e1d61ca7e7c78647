package io.github.entraauth.livy.user;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Session owners in this application instance's memory: enough for one instance; lost at restart, when the
 * sessions' owners can no longer use them (administrators still see and close them).
 */
public final class InMemoryUserLivySessionOwners implements UserLivySessionOwners {

	private final Map<String, EntraUserId> owners = new ConcurrentHashMap<>();

	@Override
	public void record(EntraUserId owner, String sessionId) {
		this.owners.put(sessionId, owner);
	}

	@Override
	public Optional<EntraUserId> ownerOf(String sessionId) {
		return Optional.ofNullable(this.owners.get(sessionId));
	}

	@Override
	public Set<String> sessionsOf(EntraUserId owner) {
		return this.owners.entrySet().stream().filter((entry) -> entry.getValue().equals(owner))
			.map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public void remove(String sessionId) {
		this.owners.remove(sessionId);
	}

}
