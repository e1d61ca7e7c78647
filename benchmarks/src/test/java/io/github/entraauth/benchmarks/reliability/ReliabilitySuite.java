package io.github.entraauth.benchmarks.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * The long-run reliability scenarios of benchmarks/reliability.sh: runs each, prints its row and
 * rewrites the results table in benchmarks/README.md. Exits with 1 if any invariant broke.
 * Arguments: {@code --soak <duration>} (default 3m), {@code --sessions <n>} (default 20) and
 * {@code --only <numbers>} (for example 3,4; the table is then printed, not written).
 */
public final class ReliabilitySuite {

	static final String START = "<!-- reliability-results:start -->";

	static final String END = "<!-- reliability-results:end -->";

	private ReliabilitySuite() {
	}

	public static void main(String[] args) throws Exception {
		Duration soak = Duration.ofMinutes(3);
		int sessions = 20;
		String only = "1,2,3,4";
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--soak" -> soak = DurationStyle.detectAndParse(args[i + 1]);
				case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
				case "--only" -> only = args[i + 1];
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]
						+ "; use --soak <duration, e.g. 10m>, --sessions <count> or --only <numbers, e.g. 3,4>");
			}
		}
		List<ScenarioResult> results = new ArrayList<>();
		List<String> chosen = List.of(only.split(","));
		if (chosen.contains("1")) {
			results.add(report(EntraOutageScenario.run()));
		}
		if (chosen.contains("2")) {
			results.add(report(KafkaSoakScenario.run(soak)));
		}
		if (chosen.contains("3")) {
			results.add(report(RedisExpiryScenario.run()));
		}
		if (chosen.contains("4")) {
			results.add(report(LivyFaultsScenario.run(sessions)));
		}
		if (results.size() == 4) {
			writeTable(Path.of("README.md"), results);
		}
		boolean passed = results.stream().allMatch(ScenarioResult::passed);
		System.out.println(passed ? "All reliability scenarios passed." : "A reliability scenario FAILED.");
		System.exit(passed ? 0 : 1);
	}

	private static ScenarioResult report(ScenarioResult result) {
		System.out.println(result.row());
		return result;
	}

	static void writeTable(Path readme, List<ScenarioResult> results) throws IOException {
		StringBuilder table = new StringBuilder(START).append('\n')
			.append("Last run: ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ").append(System.getProperty("java.version")).append(".\n\n")
			.append("| scenario | time compression | figures | invariant | result |\n|---|---|---|---|---|\n");
		results.forEach((result) -> table.append(result.row()).append('\n'));
		table.append(END);
		String text = Files.readString(readme);
		int start = text.indexOf(START);
		int end = text.indexOf(END);
		if (start < 0 || end < start) {
			throw new IllegalStateException(readme.toAbsolutePath() + " has no " + START + " ... " + END + " section");
		}
		Files.writeString(readme, text.substring(0, start) + table + text.substring(end + END.length()));
	}

}
