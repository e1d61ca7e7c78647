package io.github.entraauth.token;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The cause of a {@link TokenUnavailableException}: the original error's type and redacted
 * message, without its stack of library internals that may echo response bodies.
 */
public class TokenFetchException extends RuntimeException {

	TokenFetchException(String message, StackTraceElement[] stackTrace) {
		super(message);
		setStackTrace(stackTrace);
	}

	/** Library exceptions may carry response bodies in their messages; keep only a redacted copy. */
	static TokenFetchException sanitized(Throwable cause) {
		return new TokenFetchException(cause.getClass().getName() + ": " + Redaction.redact(cause.getMessage()),
				cause.getStackTrace());
	}

	/** The failure for a log line or an exception message: its type and redacted message. */
	static String describe(Throwable cause) {
		if (cause instanceof TimeoutException) {
			return "the token request timed out";
		}
		return cause.getClass().getSimpleName() + ": " + Redaction.redact(cause.getMessage());
	}

	static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
