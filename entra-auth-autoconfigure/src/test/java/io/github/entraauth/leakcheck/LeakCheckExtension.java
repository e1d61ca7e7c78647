package io.github.entraauth.leakcheck;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class during which a known credential was logged (registered for all test classes through
 * META-INF/services and junit-platform.properties). The failure names the logger, the level and a redacted
 * prefix, never the credential or the line.
 */
public final class LeakCheckExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		List<LeakCheckAppender.Leak> leaks = LeakCheckAppender.drain();
		if (!leaks.isEmpty()) {
			throw new AssertionError(leaks.size() + " credential(s) appeared in log lines: " + leaks.stream()
				.map((leak) -> leak.redacted() + " in a " + leak.level() + " line of " + leak.logger())
				.distinct()
				.collect(Collectors.joining("; ")));
		}
	}

}
