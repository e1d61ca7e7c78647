package io.github.entraauth.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.entraauth.security.GraphGroups.GraphGroupsException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Graph paging stays on the memberOf endpoint's origin: a next page there is read with the user's token, a next
 * page on another origin is an error and that origin never sees the token. Two loopback HTTP servers stand in for
 * Graph and for the foreign host.
 */
class GraphGroupsTests {

	private static final String TOKEN = "user-graph-token-never-elsewhere";

	private static final String GROUP = "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"%s\"}";

	private final Host graph = new Host();

	private final Host foreign = new Host();

	@AfterEach
	void stop() {
		this.graph.server.stop(0);
		this.foreign.server.stop(0);
	}

	@Test
	void nextPageOnTheSameOriginIsReadWithTheToken() {
		this.graph.page("/v1.0/me/memberOf", GROUP.formatted("g1"), this.graph.base() + "/v1.0/me/memberOf/2");
		this.graph.page("/v1.0/me/memberOf/2", GROUP.formatted("g2"), null);

		List<String> groups = graphGroups().groupIds(TOKEN);

		assertThat(groups).containsExactly("g1", "g2");
		assertThat(this.graph.authorizations).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);
	}

	@Test
	void nextPageOnAnotherOriginIsAnErrorAndGetsNoToken() {
		this.graph.page("/v1.0/me/memberOf", GROUP.formatted("g1"), this.foreign.base() + "/v1.0/me/memberOf");
		this.foreign.page("/v1.0/me/memberOf", GROUP.formatted("g2"), null);

		assertThatExceptionOfType(GraphGroupsException.class).isThrownBy(() -> graphGroups().groupIds(TOKEN))
			.withMessageContaining("another origin")
			.withMessageNotContaining(TOKEN);
		assertThat(this.foreign.authorizations).isEmpty();
		assertThat(this.graph.authorizations).containsExactly("Bearer " + TOKEN);
	}

	private GraphGroups graphGroups() {
		return new GraphGroups(RestClient.create(), this.graph.base() + "/v1.0/me/memberOf");
	}

	/** A loopback HTTP server answering Graph-style pages and recording the Authorization header of each request. */
	private static final class Host {

		private final List<String> authorizations = new CopyOnWriteArrayList<>();

		private final HttpServer server;

		Host() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.start();
		}

		String base() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		void page(String path, String group, @Nullable String nextLink) {
			String next = (nextLink != null) ? ",\"@odata.nextLink\":\"" + nextLink + "\"" : "";
			String body = "{\"value\":[" + group + "]" + next + "}";
			this.server.createContext(path, (exchange) -> {
				if (!exchange.getRequestURI().getPath().equals(path)) {
					exchange.sendResponseHeaders(404, -1);
					exchange.close();
					return;
				}
				this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
				respond(exchange, body);
			});
		}

		private static void respond(HttpExchange exchange, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		}

	}

}
