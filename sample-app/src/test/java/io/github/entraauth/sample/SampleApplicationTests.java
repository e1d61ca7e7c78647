package io.github.entraauth.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample in its default {@code local} mode, the way the README runs it, and checks the
 * demo's summary end to end.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void localDemoPrintsItsSummaryAndExits(CapturedOutput output) {
		SampleApplication.main(new String[] { "--sample.exit-after-demo=true", "--server.port=0" });
		assertThat(output).contains("==== entra-auth sample: demo summary ====")
			.containsPattern("Token for api://entra-sample/\\.default \\(client-secret \\(client sample-app, tenant [^)]+\\)\\): oid=[0-9a-f-]{36} ")
			.contains("aud=[api://entra-sample]")
			.doesNotContain("eyJ");
	}

}
