package io.github.entraauth.test.kafka;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler;
import org.jspecify.annotations.Nullable;

/**
 * Kafka's JWKS-validating server callback handler that also tells its {@link OAuthBearerKafkaBroker} what it
 * saw: the principal of every accepted token and the SASL extensions of every authentication. The broker creates
 * it by reflection; the JAAS option {@code brokerId} connects it to its broker.
 */
public class RecordingOAuthBearerValidatorCallbackHandler extends OAuthBearerValidatorCallbackHandler {

	static final String BROKER_ID_OPTION = "brokerId";

	private static final Map<String, OAuthBearerKafkaBroker> brokers = new ConcurrentHashMap<>();

	private volatile @Nullable OAuthBearerKafkaBroker broker;

	static void register(String brokerId, OAuthBearerKafkaBroker broker) {
		brokers.put(brokerId, broker);
	}

	static void unregister(String brokerId) {
		brokers.remove(brokerId);
	}

	@Override
	public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
		super.configure(configs, saslMechanism, jaasConfigEntries);
		Object brokerId = jaasConfigEntries.get(0).getOptions().get(BROKER_ID_OPTION);
		this.broker = (brokerId != null) ? brokers.get(brokerId.toString()) : null;
	}

	@Override
	public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
		OAuthBearerKafkaBroker recorder = this.broker;
		if (recorder != null && recorder.refusesAuthentication() && refuse(callbacks, recorder)) {
			return;
		}
		super.handle(callbacks);
		if (recorder == null) {
			return;
		}
		for (Callback callback : callbacks) {
			if (callback instanceof OAuthBearerValidatorCallback validated) {
				if (validated.token() != null) {
					recorder.recordPrincipal(validated.token().principalName());
				}
				else {
					recorder.recordRejection();
				}
			}
			else if (callback instanceof OAuthBearerExtensionsValidatorCallback extensions) {
				recorder.recordExtensions(extensions.inputExtensions().map());
			}
		}
	}

	private static boolean refuse(Callback[] callbacks, OAuthBearerKafkaBroker recorder) {
		boolean refused = false;
		for (Callback callback : callbacks) {
			if (callback instanceof OAuthBearerValidatorCallback validated) {
				validated.error("invalid_token", null, null);
				recorder.recordRejection();
				refused = true;
			}
		}
		return refused;
	}

}
