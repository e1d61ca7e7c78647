package io.github.entraauth.config;

/**
 * Bad {@code entra.*} configuration, reported at startup by {@link EntraConfigurationFailureAnalyzer}
 * with the property at fault and what to do about it. Never carries a secret.
 */
public class EntraConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Creates an exception for one property.
	 * @param property the property at fault, for example {@code entra.credential.client-secret}
	 * @param problem what is wrong, without the value if it may be secret
	 * @param action how to fix it
	 */
	public EntraConfigurationException(String property, String problem, String action) {
		super(property + ": " + problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * The property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * How to fix the problem.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
