package io.github.entraauth.config;

import java.util.List;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Loads the azure classes the start needs on Boot's background pre-initialization thread, while the main thread
 * prepares the environment: the azure jars are signed, and the first class read from each makes the JDK verify
 * the jar's signature (~80-100 ms on the start's critical path otherwise). Loading only, no class initialization.
 */
final class AzureClassesPreinitializer implements BackgroundPreinitializer {

	/** The classes the auto-configurations' conditions and bean signatures load, one or more per signed jar. */
	static final List<String> CLASSES = List.of("com.azure.core.credential.TokenCredential",
			"com.azure.core.credential.AccessToken", "com.azure.core.credential.TokenRequestContext",
			"com.azure.identity.DefaultAzureCredential", "com.azure.json.JsonSerializable");

	@Override
	public void preinitialize() {
		ClassLoader classLoader = AzureClassesPreinitializer.class.getClassLoader();
		for (String name : CLASSES) {
			try {
				Class.forName(name, false, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// an application without azure-identity: nothing to warm up
				return;
			}
		}
	}

}
