package io.github.entraauth.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@link App} inside the recording class loader of {@link StartWithoutAzureClassesTests} and reports what it
 * loaded. Plain JDK types cross the class loaders: an array of the classes loaded when the context had started
 * (before the application is ready and its first token fetches begin), the classes loaded at the end, and the start
 * failure's messages.
 */
public final class StartProbe {

	private StartProbe() {
	}

	@SuppressWarnings("unchecked")
	public static Object[] start(String[] arguments) throws ClassNotFoundException {
		Supplier<List<String>> loaded = (Supplier<List<String>>) StartProbe.class.getClassLoader();
		List<String> atStart = new ArrayList<>();
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addListeners((ApplicationListener<ApplicationStartedEvent>) (event) -> atStart.addAll(loaded.get()));
		String failure = null;
		try (ConfigurableApplicationContext context = application.run(arguments)) {
			Class.forName("com.azure.core.credential.TokenCredential", false, StartProbe.class.getClassLoader());
		}
		catch (RuntimeException ex) {
			failure = messages(ex);
		}
		return new Object[] { atStart, loaded.get(), failure };
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/** What the test reads back. */
	record Outcome(List<String> loadedAtStart, List<String> loadedAtEnd, @Nullable String failure) {

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
