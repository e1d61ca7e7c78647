package io.github.entraauth.test.livy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's state machine: {@code not_started} (Fabric) or {@code starting}, then {@code idle ⇄ busy} as it is
 * polled and runs statements, or {@code dead} once killed.
 */
final class EmulatedSession {

	final String id;

	final @Nullable String name;

	final List<EmulatedStatement> statements = new ArrayList<>();

	final List<String> log = new ArrayList<>();

	private final LivySettings settings;

	String kind = "shared";

	final ObjectNode request;

	Instant lastActivity = Instant.EPOCH;

	Instant listedFrom = Instant.EPOCH;

	int polls;

	@Nullable String dead;

	SqlEngine.@Nullable Session sql;

	EmulatedSession(String id, @Nullable String name, ObjectNode request, LivySettings settings) {
		this.id = id;
		this.name = name;
		this.request = request;
		this.settings = settings;
	}

	boolean busy() {
		return this.dead == null && this.statements.stream().anyMatch((s) -> !s.finished());
	}

	String state() {
		return stateAt(this.polls);
	}

	/** Fabric's {@code livyInfo.currentState} trails {@code state} by one poll. */
	String laggingState() {
		return stateAt(this.polls - 1);
	}

	private String stateAt(int polls) {
		if (this.dead != null) {
			return this.dead;
		}
		int startPolls = this.settings.sessionStartPolls;
		SqlEngine.Session engine = this.sql;
		if (engine != null && !engine.ready()) {
			return "starting";
		}
		if (polls <= 0 && startPolls > 0) {
			return this.settings.fabric() ? "not_started" : "starting";
		}
		if (polls < startPolls) {
			return "starting";
		}
		return busy() ? "busy" : "idle";
	}

}
