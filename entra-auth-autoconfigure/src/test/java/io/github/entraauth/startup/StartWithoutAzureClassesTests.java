package io.github.entraauth.startup;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the starter in its default configuration (Kafka and Redis integrations on, a client-secret
 * credential) starts without loading a single azure class: the azure jars are signed, and the first class read from
 * each makes the JDK verify its signature during the start. Bad configuration still fails that start.
 * <p>
 * Each start runs in a class loader of its own over the test classpath, which records every class it defines, so
 * classes other tests of this JVM loaded do not count.
 */
class StartWithoutAzureClassesTests {

	private static final String[] CONFIGURATION = { "--spring.main.banner-mode=off", "--logging.level.root=warn",
			"--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.data.redis.host=127.0.0.1",
			"--spring.data.redis.port=1", "--entra.credential.type=client-secret", "--entra.credential.tenant-id=contoso",
			"--entra.credential.client-id=app", "--entra.credential.client-secret=not-used",
			"--entra.credential.authority-host=https://127.0.0.1:1/", "--entra.credential.instance-discovery=false" };

	@Test
	void theContextStartsWithNoAzureClassLoaded() throws Exception {
		StartProbe.Outcome outcome = start(CONFIGURATION);
		assertThat(outcome.failure()).isNull();
		assertThat(outcome.loadedAtStart()).as("the starter's Kafka and Redis integrations took part in the start")
			.contains("io.github.entraauth.kafka.EntraKafkaSaslConfigurer",
					"io.github.entraauth.redis.EntraRedisCredentialsProvider", "io.github.entraauth.token.TokenManager");
		assertThat(outcome.loadedAtStart()).filteredOn((name) -> name.startsWith("com.azure.")).isEmpty();
		assertThat(outcome.loadedAtEnd()).as("the recording sees azure classes once they are loaded")
			.contains("com.azure.core.credential.TokenCredential");
	}

	@Test
	void badConfigurationStillFailsTheStart() throws Exception {
		String[] configuration = Arrays.stream(CONFIGURATION)
			.filter((argument) -> !argument.startsWith("--entra.credential.client-secret="))
			.toArray(String[]::new);
		StartProbe.Outcome outcome = start(configuration);
		assertThat(outcome.failure()).contains("entra.credential.client-secret");
	}

	@SuppressWarnings("unchecked")
	private static StartProbe.Outcome start(String[] arguments) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (RecordingClassLoader loader = new RecordingClassLoader()) {
			thread.setContextClassLoader(loader);
			Object[] outcome = (Object[]) loader.loadClass(StartProbe.class.getName())
				.getMethod("start", String[].class)
				.invoke(null, (Object) arguments);
			return new StartProbe.Outcome((List<String>) outcome[0], (List<String>) outcome[1], (String) outcome[2]);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Defines every class of the test classpath itself; only the JDK's come from its parent. */
	static final class RecordingClassLoader extends URLClassLoader implements Supplier<List<String>> {

		private final List<String> defined = new ArrayList<>();

		RecordingClassLoader() throws MalformedURLException {
			super(classpath(), ClassLoader.getPlatformClassLoader());
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			Class<?> type = super.findClass(name);
			synchronized (this.defined) {
				this.defined.add(name);
			}
			return type;
		}

		@Override
		public List<String> get() {
			synchronized (this.defined) {
				return List.copyOf(this.defined);
			}
		}

		private static URL[] classpath() throws MalformedURLException {
			List<URL> urls = new ArrayList<>();
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				urls.add(new File(entry).toURI().toURL());
			}
			return urls.toArray(URL[]::new);
		}

	}

}
