package io.github.entraauth.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The child JVM runs on this classpath with the environment the test gives it.
 */
class ChildJvmTests {

	@Test
	void childSeesExtraEnvironmentAndInheritedPath() {
		ChildJvm.Result result = ChildJvm.of(PrintEnvironment.class)
			.env("AZURE_CLIENT_ID", "from-test")
			.env("EXTRA", "value")
			.args("AZURE_CLIENT_ID", "EXTRA", "PATH")
			.run();

		assertThat(result.exitCode()).as(result::describe).isEqualTo(3);
		assertThat(result.line("ENV AZURE_CLIENT_ID=")).contains("from-test");
		assertThat(result.line("ENV EXTRA=")).contains("value");
		assertThat(result.line("ENV PATH=")).contains(System.getenv("PATH"));
		assertThat(result.line("NOT PRINTED")).isEmpty();
	}

	@Test
	void childThatOutlivesTheTimeoutIsKilled() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChildJvm.of(PrintEnvironment.class).args("sleep").timeout(Duration.ofMillis(500)).run())
			.withMessageContaining("did not finish within PT0.5S");
	}

}
