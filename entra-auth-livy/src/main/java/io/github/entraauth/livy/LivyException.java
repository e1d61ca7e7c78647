package io.github.entraauth.livy;

import org.jspecify.annotations.Nullable;

/**
 * A Livy request or wait that failed. Carries the HTTP status (0 when no response arrived) and,
 * for Fabric, the error code and request id. Never carries a token.
 */
public class LivyException extends RuntimeException {

	private final int status;

	private final @Nullable String errorCode;

	private final @Nullable String requestId;

	/**
	 * Creates an exception.
	 * @param message the message
	 * @param status the HTTP status, or 0 when no response arrived
	 * @param errorCode the server's error code, if any
	 * @param requestId the server's request id, if any
	 * @param cause the cause, if any
	 */
	public LivyException(String message, int status, @Nullable String errorCode, @Nullable String requestId,
			@Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.errorCode = errorCode;
		this.requestId = requestId;
	}

	/**
	 * Creates an exception without a response.
	 * @param message the message
	 */
	public LivyException(String message) {
		this(message, 0, null, null, null);
	}

	/**
	 * The HTTP status of the failed response.
	 * @return the status, or 0 when no response arrived
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * The server's error code (Fabric's {@code errorCode}).
	 * @return the code, or {@code null}
	 */
	public @Nullable String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The server's request id (Fabric's {@code requestId}), for support cases.
	 * @return the request id, or {@code null}
	 */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

}
