package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerRetryAuthSuccessfulEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Counts the authentication and authorization failures of listener containers that keep running and retry
 * (spring-kafka's auth-exception retry), and logs one warning per failure and one line when a container
 * authenticates again. spring-kafka itself logs the exception.
 */
public final class KafkaListenerAuthFailures implements ApplicationListener<KafkaEvent> {

	private static final Log logger = LogFactory.getLog(KafkaListenerAuthFailures.class);

	private final AtomicLong authentication = new AtomicLong();

	private final AtomicLong authorization = new AtomicLong();

	KafkaListenerAuthFailures() {
	}

	/**
	 * Failures to authenticate (for example a token the broker refused) so far.
	 * @return the count
	 */
	public long authenticationFailures() {
		return this.authentication.get();
	}

	/**
	 * Failures because the identity lacks a permission (for example a missing Event Hubs role) so far.
	 * @return the count
	 */
	public long authorizationFailures() {
		return this.authorization.get();
	}

	@Override
	public void onApplicationEvent(KafkaEvent event) {
		if (event instanceof ConsumerRetryAuthEvent retry) {
			boolean authorizationFailure = retry.getReason() == ConsumerRetryAuthEvent.Reason.AUTHORIZATION;
			(authorizationFailure ? this.authorization : this.authentication).incrementAndGet();
			MessageListenerContainer container = retry.getContainer(MessageListenerContainer.class);
			logger.warn("Kafka listener container '" + container.getListenerId() + "' "
					+ (authorizationFailure ? "is not authorized" : "could not authenticate") + "; it keeps running and "
					+ "polls again in " + describe(container.getContainerProperties().getAuthExceptionRetryInterval()));
		}
		else if (event instanceof ConsumerRetryAuthSuccessfulEvent success) {
			logger.info("Kafka listener container '" + success.getContainer(MessageListenerContainer.class).getListenerId()
					+ "' authenticated again");
		}
	}

	private static String describe(@Nullable Duration interval) {
		return (interval != null) ? interval.toMillis() + " ms" : "the configured interval";
	}

}
