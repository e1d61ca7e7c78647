package io.github.entraauth.test.livy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer of the Livy emulator: a status, a JSON body (empty for none) and extra headers.
 */
final class LivyReply {

	final int status;

	final String body;

	final Map<String, String> headers = new LinkedHashMap<>();

	LivyReply(int status, String body) {
		this.status = status;
		this.body = body;
	}

	LivyReply header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

}
