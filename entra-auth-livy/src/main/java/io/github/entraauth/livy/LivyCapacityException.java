package io.github.entraauth.livy;

import org.jspecify.annotations.Nullable;

/**
 * Fabric answered 430 {@code TooManyRequestsForCapacity} on every attempt: the capacity has no
 * Spark cores left. Wait for running jobs to finish or scale the capacity up.
 */
public class LivyCapacityException extends LivyException {

	/**
	 * Creates an exception.
	 * @param message the message
	 * @param errorCode the server's error code
	 * @param requestId the server's request id
	 */
	public LivyCapacityException(String message, @Nullable String errorCode, @Nullable String requestId) {
		super(message, 430, errorCode, requestId, null);
	}

}
