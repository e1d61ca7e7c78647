package io.github.entraauth.credential;

import java.util.List;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the application is ready, loads the azure classes every first token needs on a background thread: the azure
 * jars are signed, and the first class read from each makes the JDK verify the jar's signature (~80-100 ms). The
 * start itself loads no azure class; this keeps that cost off the first token too. Loading only, no initialization.
 */
final class AzureClassesWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	/** One class or more per signed jar the first token reads from. */
	static final List<String> CLASSES = List.of("com.azure.core.credential.TokenCredential",
			"com.azure.core.credential.AccessToken", "com.azure.core.credential.TokenRequestContext",
			"com.azure.identity.DefaultAzureCredential", "com.azure.json.JsonSerializable",
			"com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder");

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread thread = new Thread(AzureClassesWarmUp::load, "entra-azure-classes");
		thread.setDaemon(true);
		thread.start();
	}

	static void load() {
		ClassLoader classLoader = AzureClassesWarmUp.class.getClassLoader();
		for (String name : CLASSES) {
			try {
				Class.forName(name, false, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// a jar the application left out: the first token reports it, not this warm-up
				return;
			}
		}
	}

}
