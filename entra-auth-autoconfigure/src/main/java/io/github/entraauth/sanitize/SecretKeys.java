package io.github.entraauth.sanitize;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from a property key alone whether its value is a secret, whatever the key's spelling: dotted
 * (entra.credential.client-secret), environment style (ENTRA_CREDENTIAL_CLIENT_SECRET) or camelCase
 * (clientSecret, as configprops shows bean properties) are all split into the same lower-case words.
 */
final class SecretKeys {

	/** A key holding one of these words anywhere is a secret: client-secret, AZURE_CLIENT_SECRET, keyPassword. */
	private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "passphrase", "passwd");

	/** A key ending in one of these is a secret, but entra.token.refresh-before-expiry or a token-file path is not. */
	private static final Set<String> SECRET_LAST_WORDS = Set.of("token", "credentials");

	/** Adjacent words: a private key, a connection string (SharedAccessKey=...), Kafka's sasl.jaas.config. */
	private static final List<List<String>> SECRET_PAIRS = List.of(List.of("private", "key"),
			List.of("connection", "string"), List.of("jaas", "config"), List.of("access", "key"),
			List.of("api", "key"));

	private SecretKeys() {
	}

	static boolean isSecret(String key) {
		List<String> words = words(key);
		if (words.isEmpty()) {
			return false;
		}
		if (words.stream().anyMatch(SECRET_WORDS::contains)
				|| SECRET_LAST_WORDS.contains(words.get(words.size() - 1))) {
			return true;
		}
		for (int i = 0; i + 1 < words.size(); i++) {
			if (SECRET_PAIRS.contains(words.subList(i, i + 2))) {
				return true;
			}
		}
		return false;
	}

	/** clientSecret, client-secret, CLIENT_SECRET and client.secret all become [client, secret]. */
	static List<String> words(String key) {
		String separated = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
		return Arrays.stream(separated.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
			.filter((word) -> !word.isEmpty())
			.toList();
	}

}
