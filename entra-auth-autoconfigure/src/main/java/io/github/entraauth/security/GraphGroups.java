package io.github.entraauth.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads the signed-in user's group ids from Microsoft Graph {@code /me/memberOf} with the user's own access token,
 * following {@code @odata.nextLink} only within the endpoint's origin, so the token never goes to another host.
 * Used when the ID token signals group overage.
 */
final class GraphGroups {

	/** A user in thousands of groups still ends; Graph pages hold up to 999 entries. */
	private static final int MAX_PAGES = 100;

	private static final ParameterizedTypeReference<Map<String, Object>> PAGE = new ParameterizedTypeReference<>() {
	};

	private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private final RestClient restClient;

	private final URI memberOfEndpoint;

	GraphGroups(RestClient restClient, String memberOfEndpoint) {
		this.restClient = restClient;
		this.memberOfEndpoint = endpoint(memberOfEndpoint);
	}

	/**
	 * Checks the memberOf endpoint: an absolute https URL, or http only on loopback (a local stand-in), because
	 * the user's Graph token is sent to it.
	 * @throws EntraConfigurationException naming entra.security.graph-member-of-endpoint
	 */
	static URI endpoint(String url) {
		String property = "entra.security.graph-member-of-endpoint";
		String action = "Use https://graph.microsoft.com/v1.0/me/memberOf or your cloud's Graph host.";
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new EntraConfigurationException(property, "'" + url + "' is not a URL", action);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new EntraConfigurationException(property, "'" + url + "' is not an absolute http(s) URL", action);
		}
		if (scheme.equals("http") && !LOOPBACK.contains(host)) {
			throw new EntraConfigurationException(property,
					"'" + url + "' uses plain http, which would send the user's Graph token unencrypted", action);
		}
		return uri;
	}

	/**
	 * The ids of the groups the token's user is a member of.
	 * @throws GraphGroupsException when Graph refuses or fails; the message names the HTTP status, never the token
	 */
	List<String> groupIds(String accessToken) {
		List<String> ids = new ArrayList<>();
		@Nullable URI next = this.memberOfEndpoint;
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
			next = (body.get("@odata.nextLink") instanceof String link) ? sameOrigin(link) : null;
		}
		return ids;
	}

	/** A next page on another scheme, host or port is refused before any request, so the token stays put. */
	private URI sameOrigin(String link) {
		URI uri;
		try {
			uri = this.memberOfEndpoint.resolve(new URI(link));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new GraphGroupsException("Microsoft Graph answered a next page link that is not a URL", 0);
		}
		URI endpoint = this.memberOfEndpoint;
		if (!endpoint.getScheme().equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
				|| !endpoint.getHost().equalsIgnoreCase(uri.getHost()) || port(endpoint) != port(uri)) {
			throw new GraphGroupsException("Microsoft Graph answered a next page link to another origin ("
					+ uri.getScheme() + "://" + uri.getHost() + "), which was not followed", 0);
		}
		return uri;
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

	private Map<String, Object> fetch(URI url, String accessToken) {
		try {
			Map<String, Object> body = this.restClient.get()
				.uri(url)
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
