package io.github.entraauth.kafka;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Kafka's rules for SASL/OAUTHBEARER extensions (RFC 7628): names are letters, values printable
 * ASCII, spaces, tabs and line breaks, and {@code auth} is reserved.
 */
final class KafkaSaslExtensions {

	private static final Pattern NAME = Pattern.compile("[A-Za-z]+");

	private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7E \t\r\n]+");

	private KafkaSaslExtensions() {
	}

	/** Why a name and value are not a valid extension, or {@code null} if they are. */
	static @Nullable String problem(String name, @Nullable String value) {
		if (!NAME.matcher(name).matches()) {
			return "extension name '" + name + "' must consist of letters A-Z and a-z only";
		}
		if (name.equals("auth")) {
			return "extension name 'auth' is reserved by the OAUTHBEARER mechanism";
		}
		if (value == null || !VALUE.matcher(value).matches()) {
			return "extension '" + name + "' must have a non-empty value of printable ASCII characters";
		}
		return null;
	}

}
