package io.github.entraauth.sample;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample in its default {@code local} mode, the way the README runs it, and checks the
 * demo's summary end to end: every order went through Kafka into Redis, live connections were
 * re-authenticated with refreshed tokens, and Spark SQL through Livy returned the totals; the summary says where to
 * go next, and the peers' noise stays out of the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void localDemoRunsEveryIntegrationAndPrintsItsSummary(CapturedOutput output) {
		SampleApplication.main(new String[] { "--sample.exit-after-demo=true", "--server.port=0" });
		assertThat(output).contains("==== entra-auth sample: demo summary ====")
			.containsPattern("Token for api://entra-sample/\\.default \\(client-secret \\(client sample-app, tenant [^)]+\\)\\): oid=[0-9a-f-]{36} ")
			.contains("Kafka: orders produced=12 consumed=12")
			.contains("Redis: totals={acct-alice=2200, acct-bob=2600, acct-carol=3000}")
			.contains("Livy: Spark SQL report [account_id, total] rows=[[acct-alice, 2200], [acct-bob, 2600], [acct-carol, 3000]]")
			.containsPattern("web UI +http://localhost:\\d+/ ")
			.containsPattern("curl http://localhost:\\d+/orders/totals")
			.doesNotContain("eyJ");
		assertThat(output).as("no Kafka configuration dumps, no MSAL correlation warnings")
			.doesNotContain("ProducerConfig values")
			.doesNotContain("Correlation Id is not same");
		assertThat(number(output, "producer re-authentications=(\\d+)")).isPositive();
		assertThat(number(output, "Kafka: .* failed=(\\d+)")).isZero();
		assertThat(number(output, "re-authentications of live connections=(\\d+)")).isPositive();
		assertThat(number(output, "Redis: .* failed=(\\d+)")).isZero();
		assertThat(number(output, "https://redis.azure.com/.default fetched (\\d+)x")).as("Redis token refreshed")
			.isGreaterThanOrEqualTo(2);
	}

	private static long number(CapturedOutput output, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(output.getOut());
		assertThat(matcher.find()).as(regex).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
