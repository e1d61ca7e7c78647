package io.github.entraauth.test.entra;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Every credential the test twins handed out or were given in this JVM: access, ID and refresh tokens the
 * {@link EntraEmulator}s issued, client secrets and certificate passwords they registered, and passwords the
 * other twins require. A suite-wide leak check looks each word of every log line up here.
 */
public final class EmulatorSecrets {

	/** Shorter strings are too likely to occur by chance (such as in a property name) to count as a leak. */
	public static final int MIN_LENGTH = 8;

	/** What tokens (base64url, JWT dots) and UUIDs never contain: checkers split text into words on it. */
	public static final Pattern WORD_SEPARATORS = Pattern.compile("[^A-Za-z0-9._~-]+");

	private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

	private EmulatorSecrets() {
	}

	/**
	 * Adds a credential, such as a password a test made up. One with separators (such as {@code +} or
	 * {@code =}) is kept as its words, each of which then counts as a leak.
	 * @param secret the credential; null or words shorter than {@link #MIN_LENGTH} are ignored
	 */
	public static void add(@Nullable String secret) {
		if (secret != null) {
			for (String word : WORD_SEPARATORS.split(secret)) {
				if (word.length() >= MIN_LENGTH) {
					secrets.add(word);
				}
			}
		}
	}

	/**
	 * Whether a string is one of the credentials.
	 * @param word a word of a log line
	 * @return whether it is a credential
	 */
	public static boolean contains(String word) {
		return secrets.contains(word);
	}

	/**
	 * How many credentials are known, to show a check was not empty.
	 * @return the count
	 */
	public static int size() {
		return secrets.size();
	}

}
