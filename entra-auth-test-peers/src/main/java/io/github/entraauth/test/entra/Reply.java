package io.github.entraauth.test.entra;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP answer of the emulator: JSON by default, HTML for the sign-in pages, or a redirect.
 *
 * @param status the HTTP status
 * @param body the body
 * @param contentType the {@code Content-Type} header
 * @param location the {@code Location} header of a redirect, or {@code null}
 */
record Reply(int status, String body, String contentType, @Nullable String location) {

	private static final String JSON = "application/json; charset=utf-8";

	private static final String HTML = "text/html; charset=utf-8";

	Reply(int status, String body) {
		this(status, body, JSON, null);
	}

	static Reply html(int status, String body) {
		return new Reply(status, body, HTML, null);
	}

	static Reply redirect(String location) {
		return new Reply(302, "", HTML, location);
	}

}
