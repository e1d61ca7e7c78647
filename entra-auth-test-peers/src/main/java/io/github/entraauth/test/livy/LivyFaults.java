package io.github.entraauth.test.livy;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Faults injected into the next requests matching a method and path, answered in the dialect's error shape
 * with the texts the real services use for throttling (429) and exhausted capacity (430).
 */
final class LivyFaults {

	private static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final LivyCodec codec;

	private final List<Rule> rules = new ArrayList<>();

	LivyFaults(LivyCodec codec) {
		this.codec = codec;
	}

	synchronized void inject(String method, String pathPattern, int times, Fault fault) {
		this.rules.add(new Rule(method, Pattern.compile(pathPattern), times, fault));
	}

	/** The fault for this request, used up by it, or {@code null} for none. */
	synchronized @Nullable Fault take(String method, String path) {
		for (Iterator<Rule> it = this.rules.iterator(); it.hasNext();) {
			Rule rule = it.next();
			if (rule.method.equalsIgnoreCase(method) && rule.path.matcher(path).matches()) {
				if (--rule.remaining <= 0) {
					it.remove();
				}
				return rule.fault;
			}
		}
		return null;
	}

	LivyReply reply(Fault fault) {
		String message = switch (fault.status()) {
			case 429 -> (fault.until() != null) ? "Request is blocked by the upstream service until: "
					+ UNTIL_FORMAT.format(fault.until()) + " (UTC)" : "Too many requests";
			case 430 -> "Unable to submit this request because all the available capacity is currently being used.";
			case 404 -> "Not found";
			default -> "Injected failure " + fault.status();
		};
		String code = (fault.errorCode() != null) ? fault.errorCode() : "InjectedFailure";
		LivyReply reply = this.codec.error(fault.status(), code, message);
		if (fault.retryAfter() != null) {
			long seconds = (fault.retryAfter().toMillis() + 999) / 1000;
			reply.header("Retry-After", Long.toString(seconds));
		}
		return reply;
	}

	private static final class Rule {

		final String method;

		final Pattern path;

		final Fault fault;

		int remaining;

		Rule(String method, Pattern path, int times, Fault fault) {
			this.method = method;
			this.path = path;
			this.remaining = times;
			this.fault = fault;
		}

	}

}
