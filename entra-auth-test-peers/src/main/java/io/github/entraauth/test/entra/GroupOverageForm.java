package io.github.entraauth.test.entra;

/**
 * How the {@link EntraEmulator} signals that a user has more groups than fit in a token.
 */
public enum GroupOverageForm {

	/**
	 * {@code _claim_names: {"groups": "src1"}} with a {@code _claim_sources} entry, as Entra writes it in JWTs of
	 * the authorization code flow.
	 */
	CLAIM_SOURCES,

	/**
	 * {@code hasgroups: true}, as Entra writes it when a token travels in a URL (implicit flow).
	 */
	HAS_GROUPS

}
