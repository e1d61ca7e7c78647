package io.github.entraauth.test.entra;

/**
 * Told about every token the {@link EntraEmulator} issues, synchronously and before the token reaches the
 * caller, so a peer can provision per-token state (such as a Redis ACL user) in time.
 */
@FunctionalInterface
public interface TokenIssuedListener {

	/**
	 * Called for each issued token on the emulator's request thread.
	 * @param token the issued token
	 */
	void tokenIssued(IssuedToken token);

}
