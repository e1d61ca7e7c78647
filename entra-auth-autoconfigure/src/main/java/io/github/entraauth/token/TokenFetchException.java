package io.github.entraauth.token;

/**
 * The cause of a {@link TokenUnavailableException}: the original error's type and redacted
 * message, without its stack of library internals that may echo response bodies.
 */
public class TokenFetchException extends RuntimeException {

	TokenFetchException(String message, StackTraceElement[] stackTrace) {
		super(message);
		setStackTrace(stackTrace);
	}

}
