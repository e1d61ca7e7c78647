package io.github.entraauth.test.livy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The HTTP side of the Livy emulator on {@code 127.0.0.1} and a port the OS chooses at bind: strips the base path,
 * checks bearer or Basic credentials and the CSRF header, applies injected faults, routes, and records every
 * request.
 */
final class LivyHttpServer {

	static {
		// without TCP_NODELAY every small response waits ~40 ms for a delayed ACK (Nagle); read once per JVM
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final LivySettings settings;

	private final LivyCodec codec;

	private final LivyRouter router;

	private final LivyFaults faults;

	private final String basePath;

	private final HttpServer server;

	private final ExecutorService executor;

	private final List<RecordedLivyRequest> requests = new CopyOnWriteArrayList<>();

	LivyHttpServer(LivySettings settings, LivyCodec codec, LivyRouter router, LivyFaults faults, String basePath)
			throws IOException {
		this.settings = settings;
		this.codec = codec;
		this.router = router;
		this.faults = faults;
		this.basePath = basePath;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("livy-emulator-");
		threads.setDaemon(true);
		this.executor = Executors.newCachedThreadPool(threads);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	List<RecordedLivyRequest> requests() {
		return this.requests;
	}

	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Instant at = this.settings.clock.instant();
		String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
		String rawPath = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String requestedBy = exchange.getRequestHeaders().getFirst("X-Requested-By");
		String[] identity = { null, null };
		// requests outside the base path are not Livy requests and are not recorded
		boolean recorded = rawPath.toLowerCase(Locale.ROOT).startsWith(this.basePath.toLowerCase(Locale.ROOT));
		String path = rawPath;
		LivyReply reply;
		try {
			if (!recorded) {
				reply = this.codec.notFound("No such path: " + rawPath);
			}
			else {
				path = rawPath.substring(this.basePath.length());
				path = path.isEmpty() ? "/" : path;
				reply = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), identity);
				if (reply == null) {
					reply = dispatch(method, path, query, body, requestedBy);
				}
			}
		}
		catch (RuntimeException ex) {
			reply = this.codec.error(500, "InternalServerError", "Emulator failure: " + ex);
			recorded = true;
			path = rawPath;
		}
		if (recorded) {
			this.requests.add(new RecordedLivyRequest(method, path, query, body, reply.status, requestedBy,
					identity[0], identity[1], at));
		}
		send(exchange, reply);
	}

	private @Nullable LivyReply authenticate(@Nullable String authorization, String[] identity) {
		BearerValidator bearer = this.settings.bearer;
		if (bearer != null) {
			if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return unauthorized("Missing bearer token");
			}
			try {
				String[] validated = bearer.validate(authorization.substring(7).trim());
				identity[0] = validated[0];
				identity[1] = validated[1];
			}
			catch (Exception ex) {
				return unauthorized("Invalid bearer token: " + ex.getMessage());
			}
		}
		String basic = this.settings.basicCredentials;
		if (basic != null && (authorization == null || !authorization.equals("Basic " + basic))) {
			return unauthorized("Missing or wrong Basic credentials");
		}
		return null;
	}

	private LivyReply unauthorized(String message) {
		return this.codec.error(401, "Unauthorized", message).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
	}

	private LivyReply dispatch(String method, String path, @Nullable String query, String body,
			@Nullable String requestedBy) {
		if (!this.settings.fabric() && this.settings.csrfProtection
				&& (method.equals("POST") || method.equals("DELETE")) && (requestedBy == null || requestedBy.isBlank())) {
			return this.codec.error(400, "BadRequest", "Missing Required Header for CSRF protection.");
		}
		Fault fault = this.faults.take(method, path);
		if (fault == null) {
			return this.router.route(method, path, query, body);
		}
		sleep(fault.delay());
		if (fault.status() == 0) {
			return this.router.route(method, path, query, body);
		}
		if (fault.processFirst()) {
			this.router.route(method, path, query, body);
		}
		return this.faults.reply(fault);
	}

	private static void sleep(Duration delay) {
		if (!delay.isZero()) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void send(HttpExchange exchange, LivyReply reply) throws IOException {
		reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(reply.status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		else {
			exchange.sendResponseHeaders(reply.status, -1);
		}
		exchange.close();
	}

}
