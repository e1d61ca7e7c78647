package io.github.entraauth.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Runs the demo once at startup, prints its summary and, when {@code sample.exit-after-demo} is
 * set, stops the application.
 */
@Component
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final TokenDemo tokenDemo;

	private final ConfigurableApplicationContext context;

	private final boolean exitAfterDemo;

	DemoRunner(TokenDemo tokenDemo, ConfigurableApplicationContext context,
			@Value("${sample.exit-after-demo:false}") boolean exitAfterDemo) {
		this.tokenDemo = tokenDemo;
		this.context = context;
		this.exitAfterDemo = exitAfterDemo;
	}

	@Override
	public void run(ApplicationArguments args) {
		String summary = String.join(System.lineSeparator(), "", "==== entra-auth sample: demo summary ====",
				this.tokenDemo.summary(), "=========================================");
		System.out.println(summary);
		if (this.exitAfterDemo) {
			logger.info("sample.exit-after-demo is set: stopping");
			SpringApplication.exit(this.context, () -> 0);
		}
	}

}
