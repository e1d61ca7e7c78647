package io.github.entraauth.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C on the running sample, as a terminal sends it: SIGINT to the whole process group of the application's
 * JVM. The application stops before its peers (redis-server is in a session of its own, and the broker's log
 * directory outlives the broker), so the output ends without errors or stack traces and nothing is left running.
 */
class SampleInterruptTests {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	@Test
	void ctrlCStopsTheSampleQuietlyAndLeavesNothingRunning(@TempDir Path work) throws Exception {
		assertThat(SETSID).as("setsid(1) starts the sample in a process group of its own, as a terminal does")
			.isExecutable();
		Path output = work.resolve("output");
		Path arguments = work.resolve("java.args");
		Files.writeString(arguments, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
		Process sample = new ProcessBuilder(SETSID.toString(), Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-XX:TieredStopAtLevel=1", "@" + arguments, SampleApplication.class.getName(),
				"--server.port=0").redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(output).contains("web UI"));
			List<ProcessHandle> peers = sample.descendants().toList();
			assertThat(peers).as("redis-server runs").isNotEmpty();
			int printedBeforeCtrlC = Files.readString(output).length();

			assertThat(new ProcessBuilder("kill", "-INT", "-" + sample.pid()).start().waitFor()).isZero();

			assertThat(sample.waitFor(60, TimeUnit.SECONDS)).as("the sample stops").isTrue();
			String shutdown = Files.readString(output).substring(printedBeforeCtrlC);
			assertThat(shutdown).doesNotContain(" ERROR ").doesNotContain("Exception").doesNotContain("\tat ")
				.doesNotContain("Cannot reconnect");
			await().atMost(Duration.ofSeconds(30)).until(() -> peers.stream().noneMatch(ProcessHandle::isAlive));
		}
		finally {
			sample.descendants().forEach(ProcessHandle::destroyForcibly);
			sample.destroyForcibly();
		}
	}

}
