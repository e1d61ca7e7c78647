package io.github.entraauth.livy.autoconfigure;

/**
 * How requests to Livy are authenticated.
 */
public enum LivyAuthentication {

	/** A bearer token from Entra ID, fetched for {@code entra.livy.scope} on every request. */
	ENTRA,

	/** No authentication header. */
	NONE,

	/** HTTP Basic with {@code entra.livy.basic.username} and {@code entra.livy.basic.password}. */
	BASIC

}
