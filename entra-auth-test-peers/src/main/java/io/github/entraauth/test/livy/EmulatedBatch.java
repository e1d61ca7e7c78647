package io.github.entraauth.test.livy;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A batch's state machine: {@code starting → running →} its final state ({@code success} unless scripted).
 */
final class EmulatedBatch {

	final String id;

	final @Nullable String name;

	final List<String> log = new ArrayList<>();

	private final String finalState;

	private final LivySettings settings;

	int polls;

	EmulatedBatch(String id, @Nullable String name, String finalState, LivySettings settings) {
		this.id = id;
		this.name = name;
		this.finalState = finalState;
		this.settings = settings;
	}

	String state() {
		int total = this.settings.batchPolls;
		if (this.polls < total / 2 + 1 && this.polls < total) {
			return "starting";
		}
		if (this.polls < total) {
			return "running";
		}
		return this.finalState;
	}

}
