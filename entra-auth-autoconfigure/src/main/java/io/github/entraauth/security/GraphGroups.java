package io.github.entraauth.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads the signed-in user's group ids from Microsoft Graph {@code /me/memberOf} with the user's own access token,
 * following {@code @odata.nextLink}. Used when the ID token signals group overage.
 */
final class GraphGroups {

	/** A user in thousands of groups still ends; Graph pages hold up to 999 entries. */
	private static final int MAX_PAGES = 100;

	private static final ParameterizedTypeReference<Map<String, Object>> PAGE = new ParameterizedTypeReference<>() {
	};

	private final RestClient restClient;

	private final String memberOfEndpoint;

	GraphGroups(RestClient restClient, String memberOfEndpoint) {
		this.restClient = restClient;
		this.memberOfEndpoint = memberOfEndpoint;
	}

	/**
	 * The ids of the groups the token's user is a member of.
	 * @throws GraphGroupsException when Graph refuses or fails; the message names the HTTP status, never the token
	 */
	List<String> groupIds(String accessToken) {
		List<String> ids = new ArrayList<>();
		@Nullable String next = this.memberOfEndpoint;
		for (int page = 0; next != null && page < MAX_PAGES; page++) {
			Map<String, Object> body = fetch(next, accessToken);
			if (body.get("value") instanceof List<?> entries) {
				for (Object entry : entries) {
					if (entry instanceof Map<?, ?> object && "#microsoft.graph.group".equals(object.get("@odata.type"))
							&& object.get("id") instanceof String id) {
						ids.add(id);
					}
				}
			}
			next = (body.get("@odata.nextLink") instanceof String link) ? link : null;
		}
		return ids;
	}

	private Map<String, Object> fetch(String url, String accessToken) {
		try {
			Map<String, Object> body = this.restClient.get()
				.uri(URI.create(url))
				.headers((headers) -> headers.setBearerAuth(accessToken))
				.retrieve()
				.body(PAGE);
			return (body != null) ? body : Map.of();
		}
		catch (RestClientResponseException ex) {
			throw new GraphGroupsException("Microsoft Graph answered HTTP " + ex.getStatusCode().value()
					+ " to the group membership request", ex.getStatusCode().value());
		}
		catch (RuntimeException ex) {
			throw new GraphGroupsException("Microsoft Graph could not be reached for the group membership request: "
					+ ex.getClass().getSimpleName(), 0);
		}
	}

	/** Graph did not list the groups; {@link #status()} is 0 when no HTTP answer came. */
	static final class GraphGroupsException extends RuntimeException {

		private final int status;

		GraphGroupsException(String message, int status) {
			super(message);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
