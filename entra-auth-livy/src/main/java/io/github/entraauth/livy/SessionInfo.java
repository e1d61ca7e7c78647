package io.github.entraauth.livy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A session as the server reports it.
 *
 * @param id the id (an int on Apache, a GUID on Fabric)
 * @param name the name, if any
 * @param state the state, lower case; on Fabric {@code livyInfo.currentState} when present.
 * Unknown states are passed through.
 * @param kind the session kind, if reported
 * @param appId the Spark application id, if known
 * @param log the log lines included in the response
 */
public record SessionInfo(String id, @Nullable String name, String state, @Nullable String kind,
		@Nullable String appId, List<String> log) {
}
