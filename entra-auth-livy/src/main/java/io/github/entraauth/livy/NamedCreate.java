package io.github.entraauth.livy;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates a session or batch at most once, by its unique name. A create whose outcome is unknown (5xx, or
 * an I/O error after the request may have been sent) may have made a billed session, and a server may list
 * it late: the name is looked up repeatedly for the not-found window before the create is sent again. A
 * duplicate-name 400 after such an attempt means the earlier attempt made it: it is adopted.
 */
final class NamedCreate {

	private static final Log logger = LogFactory.getLog(NamedCreate.class);

	private final LivyClient client;

	private final Clock clock;

	private final Function<String, List<JsonNode>> lister;

	NamedCreate(LivyClient client, Clock clock, Function<String, List<JsonNode>> lister) {
		this.client = client;
		this.clock = clock;
		this.lister = lister;
	}

	JsonNode create(String collection, ObjectNode body, String name) {
		LivyRetryPolicy retry = this.client.retry();
		Instant notFoundUntil = this.clock.instant().plus(retry.notFoundWindow());
		boolean mayExist = false;
		int attempt = 0;
		while (true) {
			try {
				return this.client.send(LivyRequest.post("/" + collection, body, LivyRequest.Repeat.CREATE)).body();
			}
			catch (LivyCapacityException ex) {
				throw ex;
			}
			catch (LivyException ex) {
				int status = ex.getStatus();
				if (mayExist && isDuplicateName(ex)) {
					logger.info("Creating Livy " + collection + " '" + name + "' again was refused as a duplicate: "
							+ "the earlier attempt made it; adopting it");
					return adopt(collection, name).orElseThrow(() -> ex);
				}
				boolean unknownOutcome = (status == 0 && !neverSent(ex)) || status >= 500;
				boolean retryable = unknownOutcome || status == 0
						|| (status == 404 && this.clock.instant().isBefore(notFoundUntil));
				attempt++;
				if (!retryable) {
					throw ex;
				}
				if (unknownOutcome) {
					mayExist = true;
					Optional<JsonNode> existing = awaitListed(collection, name, retry);
					if (existing.isPresent()) {
						logger.info("Creating Livy " + collection + " '" + name + "' failed with " + status
								+ ", but the server has it; using it instead of creating another");
						return adopted(collection, existing.get());
					}
				}
				if (attempt >= retry.maxAttempts()) {
					throw ex;
				}
				Duration wait = LivyClient.exponential(retry.initialBackoff(), attempt, retry.maxBackoff());
				logger.info("Creating Livy " + collection + " '" + name + "' failed with " + status
						+ " and the server does not have it; creating it again in " + wait);
				this.client.listener().retrying(status, wait);
				LivyClient.sleep(wait);
			}
		}
	}

	/** Looks the name up until it is listed or the not-found window, from now, has passed. */
	private Optional<JsonNode> awaitListed(String collection, String name, LivyRetryPolicy retry) {
		Instant until = this.clock.instant().plus(retry.notFoundWindow());
		Duration interval = retry.initialBackoff();
		while (true) {
			Optional<JsonNode> found = find(collection, name);
			Instant now = this.clock.instant();
			if (found.isPresent() || !now.isBefore(until)) {
				return found;
			}
			Duration remaining = Duration.between(now, until);
			LivyClient.sleep((interval.compareTo(remaining) < 0) ? interval : remaining);
			interval = interval.multipliedBy(2);
			if (interval.compareTo(retry.maxBackoff()) > 0) {
				interval = retry.maxBackoff();
			}
		}
	}

	private Optional<JsonNode> adopt(String collection, String name) {
		return awaitListed(collection, name, this.client.retry()).map((found) -> adopted(collection, found));
	}

	private JsonNode adopted(String collection, JsonNode found) {
		this.client.listener().createAdopted(collection);
		return found;
	}

	private Optional<JsonNode> find(String collection, String name) {
		return this.lister.apply(collection)
			.stream()
			.filter((item) -> name.equals(LivyClient.text(item, "name")))
			.findFirst();
	}

	/** Apache Livy answers 400 "Duplicate session name" (for batches too); the emulator adds an error code. */
	private static boolean isDuplicateName(LivyException ex) {
		return ex.getStatus() == 400 && ("DuplicateSessionName".equals(ex.getErrorCode())
				|| String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT).contains("duplicate session name"));
	}

	/** A refused connection: the request never left, so it cannot have created anything. */
	private static boolean neverSent(LivyException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

}
