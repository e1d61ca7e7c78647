package io.github.entraauth.sanitize;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides from a property key alone whether its value is a secret, whatever the key's spelling: dotted
 * (entra.credential.client-secret), environment style (ENTRA_CREDENTIAL_CLIENT_SECRET), camelCase (clientSecret)
 * or squashed (clientsecret) all match the same way.
 */
final class SecretKeys {

	/** Found anywhere in the joined words: client-secret, AZURE_CLIENT_SECRET, keyPassword, clientsecret. */
	private static final List<String> SECRET_PARTS = List.of("secret", "password", "passphrase", "passwd",
			"privatekey", "connectionstring", "accesskey", "apikey", "jaasconfig", "encryptionkey");

	/** The last word ending so is a secret, but entra.token.refresh-before-expiry or a token-file path is not. */
	private static final List<String> SECRET_ENDINGS = List.of("token", "credentials");

	private SecretKeys() {
	}

	/**
	 * Whether the key's value is a secret. Configprops also names keys in Boot's squashed form
	 * (entra.security.clientsecret), so parts are matched within the joined words, not as whole words.
	 */
	static boolean isSecret(String key) {
		List<String> words = words(key);
		if (words.isEmpty()) {
			return false;
		}
		String joined = String.join("", words);
		String last = words.get(words.size() - 1);
		return SECRET_PARTS.stream().anyMatch(joined::contains) || SECRET_ENDINGS.stream().anyMatch(last::endsWith);
	}

	/** clientSecret, client-secret, CLIENT_SECRET and client.secret all become [client, secret]. */
	static List<String> words(String key) {
		String separated = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
		return Arrays.stream(separated.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
			.filter((word) -> !word.isEmpty())
			.toList();
	}

}
