package io.github.entraauth.test.redis;

import java.util.Map;

/**
 * One client connection as Redis reports it in {@code CLIENT LIST}.
 *
 * @param id the connection id, stable for the life of the TCP connection
 * @param name the client name ({@code CLIENT SETNAME}), empty if none
 * @param user the ACL user the connection is authenticated as right now
 * @param address the client's address, {@code ip:port}
 * @param lastCommand the last command the connection ran, such as {@code get} or {@code auth}
 * @param fields every field of the line
 */
public record RedisConnectionInfo(long id, String name, String user, String address, String lastCommand,
		Map<String, String> fields) {

	static RedisConnectionInfo parse(String line) {
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		for (String pair : line.trim().split(" ")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return new RedisConnectionInfo(Long.parseLong(fields.getOrDefault("id", "-1")), fields.getOrDefault("name", ""),
				fields.getOrDefault("user", ""), fields.getOrDefault("addr", ""), fields.getOrDefault("cmd", ""),
				Map.copyOf(fields));
	}

}
