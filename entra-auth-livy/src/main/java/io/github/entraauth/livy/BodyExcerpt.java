package io.github.entraauth.livy;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What of an error body goes into an exception message: the server's message, else the start of the body,
 * bounded and with anything shaped like a token or a credential removed.
 */
final class BodyExcerpt {

	static final int MAX_LENGTH = 300;

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");

	private BodyExcerpt() {
	}

	/** {@code ": <excerpt>"}, or empty when the body says nothing. */
	static String of(JsonNode body) {
		String message = message(body);
		if (message == null && !body.isMissingNode()) {
			message = body.toString();
		}
		if (message == null || message.isBlank()) {
			return "";
		}
		String redacted = String.valueOf(redact(message));
		return ": " + ((redacted.length() > MAX_LENGTH) ? redacted.substring(0, MAX_LENGTH) + "…" : redacted);
	}

	/** The body's {@code message} or {@code msg}, or the body itself when it is a string. */
	static @Nullable String message(JsonNode body) {
		String message = LivyClient.text(body, "message");
		if (message == null) {
			message = LivyClient.text(body, "msg");
		}
		if (message == null && body.isString()) {
			message = body.asString();
		}
		return message;
	}

	static @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String withoutJwts = JWT.matcher(text).replaceAll("[REDACTED]");
		return AUTHORIZATION.matcher(withoutJwts).replaceAll("$1 [REDACTED]");
	}

}
