package io.github.entraauth.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C on the running sample, as a terminal sends it: SIGINT to every process of the application JVM's process
 * group. The application stops before its peers (redis-server is in a session of its own, and the broker's log
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
		// a build started in the background ignores SIGINT, and a JVM that inherits that never hears Ctrl-C
		Process sample = new ProcessBuilder(SETSID.toString(), "/usr/bin/env", "--default-signal=INT",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
				"@" + arguments, SampleApplication.class.getName(), "--server.port=0")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(output).contains("web UI"));
			List<ProcessHandle> peers = sample.descendants().toList();
			assertThat(peers).as("redis-server runs").isNotEmpty();
			int printedBeforeCtrlC = Files.readString(output).length();

			interruptProcessGroup(sample.toHandle());

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

	/**
	 * SIGINT to every process of the group the sample leads, one pid at a time: procps-ng's kill 4.0 takes a
	 * negative pid for an option, so a process group is never named.
	 */
	private static void interruptProcessGroup(ProcessHandle leader) throws Exception {
		List<ProcessHandle> group = new ArrayList<>(List.of(leader));
		for (ProcessHandle descendant : leader.descendants().toList()) {
			if (processGroupOf(descendant.pid()) == leader.pid()) {
				group.add(descendant);
			}
		}
		for (ProcessHandle process : group) {
			assertThat(new ProcessBuilder("kill", "-s", "INT", Long.toString(process.pid())).start().waitFor())
				.isZero();
		}
	}

	/** The fifth field of /proc/PID/stat, after the command name in parentheses. */
	private static long processGroupOf(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[2]);
	}

}
