package io.github.entraauth.leakcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.github.entraauth.test.entra.EmulatorSecrets;

/**
 * Looks every word of every log line (message and throwable text, with its causes) of the whole test run up
 * in {@link EmulatorSecrets}, and keeps a redacted note of each hit for {@link LeakCheckExtension}. Checked as
 * the line is logged: a credential is known before anything can log it.
 */
public final class LeakCheckAppender extends AppenderBase<ILoggingEvent> {

	private static final Queue<Leak> leaks = new ConcurrentLinkedQueue<>();

	private static volatile long linesChecked;

	private Set<String> exemptLoggers = Set.of();

	/**
	 * A credential seen in a log line.
	 * @param logger the logger's name
	 * @param level the line's level
	 * @param redacted the credential's first characters and its length
	 */
	public record Leak(String logger, String level, String redacted) {
	}

	/**
	 * Loggers of the test peers' server side (such as the in-process Kafka broker validating tokens), which are
	 * not the application's and may log what a client sent them.
	 * @param loggers logger names, comma-separated
	 */
	public void setExemptLoggers(String loggers) {
		this.exemptLoggers = Set.of(loggers.trim().split("\\s*,\\s*"));
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (this.exemptLoggers.contains(event.getLoggerName())) {
			return;
		}
		StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
		IThrowableProxy thrown = event.getThrowableProxy();
		if (thrown != null) {
			text.append('\n').append(ThrowableProxyUtil.asString(thrown));
		}
		find(text.toString()).forEach((secret) -> leaks
			.add(new Leak(event.getLoggerName(), String.valueOf(event.getLevel()), redact(secret))));
		linesChecked++;
	}

	/**
	 * The known credentials in a text.
	 * @param text a log line
	 * @return the credentials, unredacted: never print them
	 */
	static List<String> find(String text) {
		List<String> found = new ArrayList<>();
		for (String word : EmulatorSecrets.WORD_SEPARATORS.split(text)) {
			if (word.length() >= EmulatorSecrets.MIN_LENGTH && EmulatorSecrets.contains(word)) {
				found.add(word);
			}
		}
		return found;
	}

	static String redact(String secret) {
		return secret.substring(0, Math.min(4, secret.length() / 4)) + "… (" + secret.length() + " chars)";
	}

	/**
	 * Takes the leaks seen so far.
	 * @return the leaks, each once
	 */
	static List<Leak> drain() {
		List<Leak> drained = new ArrayList<>();
		for (Leak leak = leaks.poll(); leak != null; leak = leaks.poll()) {
			drained.add(leak);
		}
		return drained;
	}

	static long linesChecked() {
		return linesChecked;
	}

}
