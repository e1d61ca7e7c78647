package io.github.entraauth.livy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.entraauth.token.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Sends one Livy request with authentication and the retry policy: 429 waits for
 * {@code Retry-After} (header, then the body's {@code until:} hint, then backoff); 430 backs off
 * longer and ends in {@link LivyCapacityException}; 401 refreshes the token once; 5xx and I/O
 * errors are retried only for idempotent calls; 404 only inside a window after a create or submit.
 */
final class LivyClient {

	private static final Log logger = LogFactory.getLog(LivyClient.class);

	private static final Pattern UNTIL = Pattern
		.compile("until:\\s*(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M)", Pattern.CASE_INSENSITIVE);

	private static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a",
			Locale.US);

	/** How a call may be retried. */
	enum Kind {

		/** Safe to repeat: GET, DELETE, keep-alive, cancel. */
		IDEMPOTENT,

		/** Must not be repeated after a response may have been lost (statement submit). */
		NON_IDEMPOTENT,

		/** A session or batch create: the caller deduplicates by name before any repeat. */
		CREATE

	}

	/** A response with a parsed JSON body ({@link MissingNode} when empty or not JSON). */
	record Response(int status, HttpHeaders headers, JsonNode body) {
	}

	private final RestClient rest;

	private final String baseUrl;

	private final LivyDialect dialect;

	private final RequestAuthorizer authorizer;

	private final EntraLivyProperties.Retry retry;

	private final String requestedBy;

	private final ObjectMapper json;

	private final Clock clock;

	private final LivyListener listener;

	LivyClient(RestClient rest, String baseUrl, LivyDialect dialect, RequestAuthorizer authorizer,
			EntraLivyProperties.Retry retry, String requestedBy, ObjectMapper json, Clock clock) {
		this(rest, baseUrl, dialect, authorizer, retry, requestedBy, json, clock, new LivyListener() {
		});
	}

	private LivyClient(RestClient rest, String baseUrl, LivyDialect dialect, RequestAuthorizer authorizer,
			EntraLivyProperties.Retry retry, String requestedBy, ObjectMapper json, Clock clock,
			LivyListener listener) {
		this.rest = rest;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.dialect = dialect;
		this.authorizer = authorizer;
		this.retry = retry;
		this.requestedBy = requestedBy;
		this.json = json;
		this.clock = clock;
		this.listener = listener;
	}

	LivyClient withAuthorizer(RequestAuthorizer authorizer) {
		return new LivyClient(this.rest, this.baseUrl, this.dialect, authorizer, this.retry, this.requestedBy,
				this.json, this.clock, this.listener);
	}

	LivyClient withListener(LivyListener listener) {
		return new LivyClient(this.rest, this.baseUrl, this.dialect, this.authorizer, this.retry, this.requestedBy,
				this.json, this.clock, listener);
	}

	LivyListener listener() {
		return this.listener;
	}

	ObjectMapper json() {
		return this.json;
	}

	/**
	 * Sends a request and returns a 2xx response (or a 404 when {@code notFoundIsAnswer}).
	 * @param notFoundRetryUntil 404s before this instant are retried as transient, or {@code null}
	 */
	Response send(HttpMethod method, String path, @Nullable JsonNode body, Kind kind,
			@Nullable Instant notFoundRetryUntil, boolean notFoundIsAnswer) {
		int attempt = 0;
		int capacityAttempt = 0;
		boolean refreshed = false;
		while (true) {
			Response response;
			try {
				response = exchange(method, path, body);
			}
			catch (ResourceAccessException ex) {
				attempt++;
				if (kind == Kind.IDEMPOTENT && attempt < this.retry.getMaxAttempts()) {
					Duration wait = backoff(attempt);
					logger.debug("Livy " + method + " " + path + " failed with an I/O error, retrying in " + wait);
					pause(0, wait);
					continue;
				}
				throw new LivyException("Livy " + method + " " + path + " failed: " + Redaction.redact(
						String.valueOf(ex.getMessage())), 0, null, null, ex);
			}
			int status = response.status();
			if (status >= 200 && status < 300) {
				return response;
			}
			if (status == 401 && !refreshed && this.authorizer.canRefresh()) {
				refreshed = true;
				logger.debug("Livy answered 401 to " + method + " " + path + "; refreshing the token and retrying once");
				this.authorizer.refresh();
				continue;
			}
			if (status == 429) {
				attempt++;
				Duration wait = throttleWait(response, attempt);
				if (attempt < this.retry.getMaxAttempts() && wait.compareTo(this.retry.getMaxRetryAfter()) <= 0) {
					logger.info("Livy throttled " + method + " " + path + " (429); retrying in " + wait);
					pause(status, wait);
					continue;
				}
				throw failure(method, path, response, null);
			}
			if (status == 430) {
				capacityAttempt++;
				if (capacityAttempt < this.retry.getCapacityMaxAttempts()) {
					Duration wait = throttleHint(response)
						.orElse(exponential(this.retry.getCapacityBackoff(), capacityAttempt, Duration.ofDays(1)));
					logger.warn("Livy capacity exhausted for " + method + " " + path + " (430); retrying in " + wait);
					pause(status, wait);
					continue;
				}
				LivyException cause = failure(method, path, response, null);
				throw new LivyCapacityException(cause.getMessage(), cause.getErrorCode(), cause.getRequestId());
			}
			if (status == 404) {
				if (notFoundRetryUntil != null && this.clock.instant().isBefore(notFoundRetryUntil)
						&& attempt < 20) {
					attempt++;
					Duration wait = exponential(Duration.ofMillis(Math.min(300, this.retry.getInitialBackoff().toMillis())),
							attempt, Duration.ofSeconds(5));
					logger.debug("Livy answered 404 to " + method + " " + path + " right after creation; retrying in "
							+ wait);
					pause(status, wait);
					continue;
				}
				if (notFoundIsAnswer) {
					return response;
				}
			}
			if (status >= 500 && kind == Kind.IDEMPOTENT) {
				attempt++;
				if (attempt < this.retry.getMaxAttempts()) {
					Duration wait = backoff(attempt);
					logger.debug("Livy answered " + status + " to " + method + " " + path + "; retrying in " + wait);
					pause(status, wait);
					continue;
				}
			}
			throw failure(method, path, response, null);
		}
	}

	private void pause(int status, Duration wait) {
		this.listener.retrying(status, wait);
		sleep(wait);
	}

	private Response exchange(HttpMethod method, String path, @Nullable JsonNode body) {
		RestClient.RequestBodySpec spec = this.rest.method(method)
			.uri(URI.create(this.baseUrl + path))
			.headers(this::addHeaders);
		if (body != null) {
			spec = spec.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(body));
		}
		return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
				response.getHeaders(), parse(response.getBody().readAllBytes())), true);
	}

	private void addHeaders(HttpHeaders headers) {
		headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
		if (this.dialect == LivyDialect.APACHE) {
			headers.set("X-Requested-By", this.requestedBy);
		}
		this.authorizer.authorize(headers);
	}

	private JsonNode parse(byte[] bytes) throws IOException {
		if (bytes.length == 0) {
			return MissingNode.getInstance();
		}
		try {
			return this.json.readTree(bytes);
		}
		catch (RuntimeException ex) {
			return this.json.getNodeFactory().stringNode(new String(bytes, StandardCharsets.UTF_8));
		}
	}

	LivyException failure(HttpMethod method, String path, Response response, @Nullable String context) {
		JsonNode body = response.body();
		String message = text(body, "message");
		if (message == null) {
			message = text(body, "msg");
		}
		if (message == null && body.isString()) {
			message = body.asString();
		}
		String detail = (message != null) ? ": " + Redaction.redact(message) : "";
		return new LivyException("Livy " + method + " " + path + " failed with " + response.status() + detail
				+ ((context != null) ? " (" + context + ")" : ""), response.status(), text(body, "errorCode"),
				text(body, "requestId"), null);
	}

	private Duration throttleWait(Response response, int attempt) {
		return throttleHint(response).orElse(backoff(attempt));
	}

	/** The server's hint: {@code Retry-After} (seconds or HTTP date), else the body's {@code until:}. */
	java.util.Optional<Duration> throttleHint(Response response) {
		String retryAfter = response.headers().getFirst(HttpHeaders.RETRY_AFTER);
		if (retryAfter != null) {
			try {
				return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
			}
			catch (NumberFormatException ex) {
				try {
					Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
					return java.util.Optional.of(nonNegative(Duration.between(this.clock.instant(), at)));
				}
				catch (DateTimeParseException ignored) {
					// fall through to the body hint
				}
			}
		}
		String message = text(response.body(), "message");
		if (message == null) {
			message = text(response.body(), "msg");
		}
		if (message != null) {
			Matcher until = UNTIL.matcher(message);
			if (until.find()) {
				try {
					Instant at = LocalDateTime.parse(until.group(1).toUpperCase(Locale.ROOT), UNTIL_FORMAT)
						.toInstant(ZoneOffset.UTC);
					// the hint has whole seconds, so wait until the second after it
					return java.util.Optional
						.of(nonNegative(Duration.between(this.clock.instant(), at.plusSeconds(1))));
				}
				catch (DateTimeParseException ignored) {
					// no usable hint
				}
			}
		}
		return java.util.Optional.empty();
	}

	private Duration backoff(int attempt) {
		return exponential(this.retry.getInitialBackoff(), attempt, this.retry.getMaxBackoff());
	}

	private static Duration exponential(Duration initial, int attempt, Duration max) {
		long base = initial.toMillis() << Math.min(attempt - 1, 20);
		long capped = Math.min(base, max.toMillis());
		// up to 20% jitter so many clients do not retry in lockstep
		long jitter = (capped > 5) ? ThreadLocalRandom.current().nextLong(capped / 5 + 1) : 0;
		return Duration.ofMillis(Math.min(capped + jitter, Math.max(max.toMillis(), capped)));
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LivyException("Interrupted while waiting for Livy");
		}
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	/** Adds authentication to requests and refreshes it after a 401. */
	interface RequestAuthorizer {

		void authorize(HttpHeaders headers);

		default boolean canRefresh() {
			return false;
		}

		default void refresh() {
		}

	}

}
