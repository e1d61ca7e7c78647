package io.github.entraauth.livy;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Sends one Livy request with authentication and the retry policy: 429 and 430 wait for the server's hint
 * ({@code Retry-After}, then the body's {@code until:}), never longer than {@code maxRetryAfter}; 430 ends in
 * {@link LivyCapacityException}; 401 refreshes a bearer token once; 5xx and I/O errors are retried only for
 * idempotent calls; 404 only inside a window after a create or submit. Bodies are read up to a size limit.
 */
final class LivyClient {

	private static final Log logger = LogFactory.getLog(LivyClient.class);

	private static final Pattern UNTIL = Pattern
		.compile("until:\\s*(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M)", Pattern.CASE_INSENSITIVE);

	private static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a",
			Locale.US);

	/** A response with a parsed JSON body ({@link MissingNode} when empty, a string node when not JSON). */
	record Response(int status, HttpHeaders headers, JsonNode body) {
	}

	private final RestClient rest;

	private final String baseUrl;

	private final LivyDialect dialect;

	private final LivyCredentials credentials;

	private final LivyRetryPolicy retry;

	private final String requestedBy;

	private final ObjectMapper json;

	private final Clock clock;

	private final LivyListener listener;

	private final long maxResponseBytes;

	LivyClient(RestClient rest, String baseUrl, LivyDialect dialect, LivyCredentials credentials,
			LivyRetryPolicy retry, String requestedBy, ObjectMapper json, Clock clock, LivyListener listener,
			long maxResponseBytes) {
		this.rest = rest;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.dialect = dialect;
		this.credentials = credentials;
		this.retry = retry;
		this.requestedBy = requestedBy;
		this.json = json;
		this.clock = clock;
		this.listener = listener;
		this.maxResponseBytes = maxResponseBytes;
	}

	LivyClient withCredentials(LivyCredentials credentials) {
		return new LivyClient(this.rest, this.baseUrl, this.dialect, credentials, this.retry, this.requestedBy,
				this.json, this.clock, this.listener, this.maxResponseBytes);
	}

	LivyListener listener() {
		return this.listener;
	}

	LivyRetryPolicy retry() {
		return this.retry;
	}

	/** Sends a request and returns a 2xx response (or a 404 when the request reads it as an answer). */
	Response send(LivyRequest request) {
		int attempt = 0;
		int capacityAttempt = 0;
		boolean refreshed = false;
		while (true) {
			Response response;
			try {
				response = exchange(request);
			}
			catch (ResourceAccessException ex) {
				attempt++;
				if (request.repeat() == LivyRequest.Repeat.IDEMPOTENT && attempt < this.retry.maxAttempts()) {
					Duration wait = backoff(attempt);
					logger.debug("Livy " + request + " failed with an I/O error, retrying in " + wait);
					pause(0, wait);
					continue;
				}
				throw new LivyException("Livy " + request + " failed: " + BodyExcerpt.redact(
						String.valueOf(ex.getMessage())), 0, null, null, ex);
			}
			int status = response.status();
			if (status >= 200 && status < 300) {
				return response;
			}
			if (status >= 300 && status < 400) {
				throw redirected(request, response);
			}
			if (status == 401 && !refreshed && this.credentials instanceof LivyCredentials.Bearer bearer) {
				refreshed = true;
				logger.debug("Livy answered 401 to " + request + "; refreshing the token and retrying once");
				bearer.refresh();
				continue;
			}
			if (status == 429) {
				attempt++;
				Optional<Duration> wait = throttleWait(response, backoff(attempt));
				if (attempt < this.retry.maxAttempts() && wait.isPresent()) {
					logger.info("Livy throttled " + request + " (429); retrying in " + wait.get());
					pause(status, wait.get());
					continue;
				}
				throw failure(request, response);
			}
			if (status == 430) {
				capacityAttempt++;
				Optional<Duration> wait = throttleWait(response,
						exponential(this.retry.capacityBackoff(), capacityAttempt, this.retry.maxRetryAfter()));
				if (capacityAttempt < this.retry.capacityMaxAttempts() && wait.isPresent()) {
					logger.warn("Livy capacity exhausted for " + request + " (430); retrying in " + wait.get());
					pause(status, wait.get());
					continue;
				}
				LivyException cause = failure(request, response);
				throw new LivyCapacityException(cause.getMessage(), cause.getErrorCode(), cause.getRequestId());
			}
			if (status == 404) {
				Instant until = request.notFoundRetryUntil();
				if (until != null && this.clock.instant().isBefore(until) && attempt < 20) {
					attempt++;
					Duration wait = exponential(Duration.ofMillis(Math.min(300, this.retry.initialBackoff().toMillis())),
							attempt, Duration.ofSeconds(5));
					logger.debug("Livy answered 404 to " + request + " right after creation; retrying in " + wait);
					pause(status, wait);
					continue;
				}
				if (request.notFoundIsAnswer()) {
					return response;
				}
			}
			if (status >= 500 && request.repeat() == LivyRequest.Repeat.IDEMPOTENT) {
				attempt++;
				if (attempt < this.retry.maxAttempts()) {
					Duration wait = backoff(attempt);
					logger.debug("Livy answered " + status + " to " + request + "; retrying in " + wait);
					pause(status, wait);
					continue;
				}
			}
			throw failure(request, response);
		}
	}

	private void pause(int status, Duration wait) {
		this.listener.retrying(status, wait);
		sleep(wait);
	}

	private Response exchange(LivyRequest request) {
		RestClient.RequestBodySpec spec = this.rest.method(request.method())
			.uri(URI.create(this.baseUrl + request.path()))
			.headers(this::addHeaders);
		if (request.body() != null) {
			spec = spec.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(request.body()));
		}
		return spec.exchange((httpRequest, response) -> new Response(response.getStatusCode().value(),
				response.getHeaders(), parse(request, response.getBody())), true);
	}

	private void addHeaders(HttpHeaders headers) {
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		if (this.dialect == LivyDialect.APACHE) {
			headers.set("X-Requested-By", this.requestedBy);
		}
		this.credentials.authorize(headers);
	}

	/** Reads at most one byte over the limit, so an oversized body is refused without buffering it. */
	private JsonNode parse(LivyRequest request, InputStream body) throws IOException {
		byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseBytes + 1));
		if (bytes.length > this.maxResponseBytes) {
			throw new LivyException("Livy " + request + " answered with a body larger than " + this.maxResponseBytes
					+ " bytes; raise the response size limit if such answers are expected");
		}
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

	/**
	 * Redirects are never followed, not even to the same origin: the request carries credentials, and the
	 * base URL is the one place that says where they may go. Only the location's origin is named (its path
	 * or query may carry a signature).
	 */
	private LivyException redirected(LivyRequest request, Response response) {
		String location = response.headers().getFirst(HttpHeaders.LOCATION);
		String origin = "an unnamed location";
		if (location != null) {
			try {
				URI target = URI.create(this.baseUrl).resolve(location.trim());
				// host and port only: an authority may carry user:password@
				origin = target.getScheme() + "://" + target.getHost()
						+ ((target.getPort() != -1) ? ":" + target.getPort() : "");
			}
			catch (IllegalArgumentException ex) {
				origin = "an invalid location";
			}
		}
		return new LivyException("Livy " + request + " was redirected (" + response.status() + ") to " + origin
				+ "; Livy requests carry credentials and never follow redirects: set the base URL to the "
				+ "server that answers", response.status(), null, null, null);
	}

	LivyException failure(LivyRequest request, Response response) {
		JsonNode body = response.body();
		return new LivyException("Livy " + request + " failed with " + response.status() + BodyExcerpt.of(body),
				response.status(), text(body, "errorCode"), text(body, "requestId"), null);
	}

	/** The server's hint, else the computed wait; empty when the server asks for longer than allowed. */
	private Optional<Duration> throttleWait(Response response, Duration computed) {
		Duration wait = throttleHint(response).orElse(computed);
		return (wait.compareTo(this.retry.maxRetryAfter()) <= 0) ? Optional.of(wait) : Optional.empty();
	}

	/** The server's hint: {@code Retry-After} (seconds or HTTP date), else the body's {@code until:}. */
	private Optional<Duration> throttleHint(Response response) {
		String retryAfter = response.headers().getFirst(HttpHeaders.RETRY_AFTER);
		if (retryAfter != null) {
			try {
				return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
			}
			catch (NumberFormatException ex) {
				try {
					Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
					return Optional.of(nonNegative(Duration.between(this.clock.instant(), at)));
				}
				catch (DateTimeParseException ignored) {
					// fall through to the body hint
				}
			}
		}
		String message = BodyExcerpt.message(response.body());
		if (message != null) {
			Matcher until = UNTIL.matcher(message);
			if (until.find()) {
				try {
					Instant at = LocalDateTime.parse(until.group(1).toUpperCase(Locale.ROOT), UNTIL_FORMAT)
						.toInstant(ZoneOffset.UTC);
					// the hint has whole seconds, so wait until the second after it
					return Optional.of(nonNegative(Duration.between(this.clock.instant(), at.plusSeconds(1))));
				}
				catch (DateTimeParseException ignored) {
					// no usable hint
				}
			}
		}
		return Optional.empty();
	}

	private Duration backoff(int attempt) {
		return exponential(this.retry.initialBackoff(), attempt, this.retry.maxBackoff());
	}

	static Duration exponential(Duration initial, int attempt, Duration max) {
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

}
