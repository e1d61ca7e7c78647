package io.github.entraauth.test.entra;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The registered applications and managed identities by client id, including the system-assigned identity.
 * Registering a client id again replaces its credential and roles but keeps its oid.
 */
final class Principals {

	private final Map<String, Principal> byClientId = new ConcurrentHashMap<>();

	private final String systemAssignedClientId = UUID.randomUUID().toString();

	Principals() {
		this.byClientId.put(this.systemAssignedClientId,
				Principal.managedIdentity(this.systemAssignedClientId, List.of()));
	}

	void register(Principal principal) {
		if (principal.clientId().equals(this.systemAssignedClientId)) {
			throw new IllegalArgumentException("Client id " + principal.clientId() + " is the system-assigned identity");
		}
		this.byClientId.merge(principal.clientId(), principal, (previous, replacement) -> replacement.replacing(previous));
	}

	@Nullable Principal get(String clientId) {
		return this.byClientId.get(clientId);
	}

	/** The principal, or a new one with a stable oid and no roles for a client id never registered. */
	Principal getOrMint(String clientId) {
		return this.byClientId.computeIfAbsent(clientId, Principal::minted);
	}

	String systemAssignedClientId() {
		return this.systemAssignedClientId;
	}

	Principal systemAssigned() {
		return this.byClientId.get(this.systemAssignedClientId);
	}

}
