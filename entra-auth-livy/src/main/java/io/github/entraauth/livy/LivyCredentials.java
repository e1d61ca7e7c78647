package io.github.entraauth.livy;

import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;

/**
 * How requests to Livy are authenticated: {@link #none()}, {@link #basic(String, String)} or a bearer
 * token from a supplier ({@link #bearer(Supplier)}), for example an Entra ID token for the Fabric scope.
 */
public sealed interface LivyCredentials permits LivyCredentials.None, LivyCredentials.Basic, LivyCredentials.Bearer {

	/**
	 * No authentication header.
	 * @return the credentials
	 */
	static LivyCredentials none() {
		return None.INSTANCE;
	}

	/**
	 * HTTP Basic.
	 * @param username the user name
	 * @param password the password
	 * @return the credentials
	 */
	static LivyCredentials basic(String username, String password) {
		if (username == null || username.isBlank()) {
			throw new IllegalArgumentException("username must not be empty");
		}
		if (password == null) {
			throw new IllegalArgumentException("password must not be null");
		}
		return new Basic(username, password);
	}

	/**
	 * A bearer token read from the supplier for every request; after a 401 the supplier is asked again
	 * once.
	 * @param tokens supplies a current access token (it should cache: it is called for every request)
	 * @return the credentials
	 */
	static LivyCredentials bearer(Supplier<String> tokens) {
		return bearer(tokens, () -> {
		});
	}

	/**
	 * A bearer token read from the supplier for every request; after a 401 {@code refresh} runs and the
	 * request is sent once more.
	 * @param tokens supplies a current access token
	 * @param refresh forces the next token to be a new one
	 * @return the credentials
	 */
	static LivyCredentials bearer(Supplier<String> tokens, Runnable refresh) {
		return new Bearer(Arguments.notNull("tokens", tokens), Arguments.notNull("refresh", refresh));
	}

	/** Adds the authentication header to a request. */
	void authorize(HttpHeaders headers);

	/** Whether a credential travels with each request, which plain http may expose. */
	boolean sendsCredential();

	/** No authentication. */
	final class None implements LivyCredentials {

		static final None INSTANCE = new None();

		private None() {
		}

		@Override
		public void authorize(HttpHeaders headers) {
		}

		@Override
		public boolean sendsCredential() {
			return false;
		}

		@Override
		public String toString() {
			return "LivyCredentials[none]";
		}

	}

	/** HTTP Basic; the password never appears in {@code toString}. */
	final class Basic implements LivyCredentials {

		private final String username;

		private final String password;

		private Basic(String username, String password) {
			this.username = username;
			this.password = password;
		}

		@Override
		public void authorize(HttpHeaders headers) {
			headers.setBasicAuth(this.username, this.password);
		}

		@Override
		public boolean sendsCredential() {
			return true;
		}

		@Override
		public String toString() {
			return "LivyCredentials[basic, username=" + this.username + "]";
		}

	}

	/** A bearer token from a supplier. */
	final class Bearer implements LivyCredentials {

		private final Supplier<String> tokens;

		private final Runnable refresh;

		private Bearer(Supplier<String> tokens, Runnable refresh) {
			this.tokens = tokens;
			this.refresh = refresh;
		}

		@Override
		public void authorize(HttpHeaders headers) {
			headers.setBearerAuth(this.tokens.get());
		}

		@Override
		public boolean sendsCredential() {
			return true;
		}

		void refresh() {
			this.refresh.run();
		}

		@Override
		public String toString() {
			return "LivyCredentials[bearer]";
		}

	}

}
