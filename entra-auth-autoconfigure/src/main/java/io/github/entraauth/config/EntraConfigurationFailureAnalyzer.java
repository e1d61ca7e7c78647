package io.github.entraauth.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link EntraConfigurationException} into Boot's startup failure report.
 */
public class EntraConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<EntraConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EntraConfigurationException cause) {
		return new FailureAnalysis("Invalid Entra ID configuration: " + cause.getMessage(), cause.getAction(), cause);
	}

}
