package io.github.entraauth.token;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes anything shaped like a JWT from text that may reach a log or an exception message:
 * error texts of identity libraries are not ours, so they are never trusted to be token-free.
 */
public final class Redaction {

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	private Redaction() {
	}

	/**
	 * Replaces every JWT-shaped substring with {@code [REDACTED]}.
	 * @param text the text, possibly {@code null}
	 * @return the text without tokens
	 */
	public static @Nullable String redact(@Nullable String text) {
		return (text != null) ? JWT.matcher(text).replaceAll("[REDACTED]") : null;
	}

}
