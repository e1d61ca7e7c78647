package io.github.entraauth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.StatementResult;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.StatementOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Figure 5: one statement through {@link LivySession#run(String)} (submit, poll until
 * available, parse the result) against the same two HTTP calls made by hand with the JDK
 * {@link HttpClient}, on an Apache-dialect Livy emulator whose statements take no time: available
 * on the first poll, with output. The difference is the client's own cost per statement. The
 * service runs with its default polling and retry settings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LivyBenchmark {

	private static final String CODE = "1 + 1";

	private LivyEmulator emulator;

	private ConfigurableApplicationContext context;

	private LivySession session;

	private HttpClient http;

	private JsonMapper json;

	private URI rawStatements;

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
			EntraLivyAutoConfiguration.class })
	static class LivyApp {

	}

	@Setup
	public void start() throws IOException, InterruptedException {
		this.emulator = LivyEmulator.apache()
			.sessionStartPolls(0)
			.statementPolls(0, 0)
			.script("pyspark", ".*", StatementOutput.ok("2"));
		this.context = new SpringApplicationBuilder(LivyApp.class).web(WebApplicationType.NONE)
			.properties("entra.livy.base-url=" + this.emulator.baseUrl(), "entra.livy.dialect=apache",
					"entra.livy.auth=none", "entra.livy.session.keep-alive-interval=0",
					"entra.livy.session.idle-timeout=0", "spring.main.banner-mode=off",
					"logging.level.root=warn")
			.run();
		LivyService service = this.context.getBean(LivyService.class);
		this.session = service.startSession();
		String rawSession = service.startSession().id();
		this.rawStatements = URI.create(this.emulator.baseUrl() + "/sessions/" + rawSession + "/statements");
		this.http = HttpClient.newHttpClient();
		this.json = JsonMapper.builder().build();
		requireTwo(this.session.run(CODE).text());
		requireTwo(rawStatement());
	}

	@TearDown
	public void stop() {
		this.context.close();
		this.emulator.close();
	}

	@Benchmark
	public StatementResult livyService() {
		return this.session.run(CODE);
	}

	@Benchmark
	public String rawHttp() throws IOException, InterruptedException {
		return rawStatement();
	}

	/** Submit, then poll without pause until available: the least any client can do. */
	private String rawStatement() throws IOException, InterruptedException {
		HttpRequest submit = HttpRequest.newBuilder(this.rawStatements)
			.header("Content-Type", "application/json")
			.header("X-Requested-By", "bench")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + CODE + "\",\"kind\":\"pyspark\"}"))
			.build();
		JsonNode statement = send(submit);
		URI poll = URI.create(this.rawStatements + "/" + statement.get("id").asString());
		while (!"available".equals(statement.get("state").asString()) || statement.get("output").isNull()) {
			statement = send(HttpRequest.newBuilder(poll).GET().build());
		}
		return statement.get("output").get("data").get("text/plain").asString();
	}

	private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("Livy answered " + response.statusCode());
		}
		return this.json.readTree(response.body());
	}

	private static void requireTwo(String text) {
		if (!"2".equals(text)) {
			throw new IllegalStateException("Unexpected statement result " + text);
		}
	}

}
