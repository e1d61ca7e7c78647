package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake {@code az} executable that answers {@code az account get-access-token} with a token minted by an
 * {@link EntraEmulator}, for azure-identity's {@code AzureCliCredential}. Put {@link #path()} first on the
 * {@code PATH} of the process under test (a {@link io.github.entraauth.test.ChildJvm}).
 * <p>
 * The script prints the same token on every call, whatever the requested resource, and appends its arguments to
 * a log that {@link #invocations()} reads.
 */
public final class FakeAzureCli {

	private static final DateTimeFormatter LOCAL_EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private final Path directory;

	private final Path invocationLog;

	private FakeAzureCli(Path directory) {
		this.directory = directory;
		this.invocationLog = directory.resolve("az-invocations.log");
	}

	/**
	 * Writes an {@code az} script and the token it prints into {@code dir}.
	 * @param dir an existing directory, such as a JUnit {@code @TempDir}
	 * @param emulator the emulator that mints the token
	 * @param clientId the {@code azp} of the token (need not be registered)
	 * @param audience the {@code aud} of the token, such as {@code api://kafka-test}
	 * @return the installed fake
	 */
	public static FakeAzureCli install(Path dir, EntraEmulator emulator, String clientId, String audience) {
		Path directory = dir.toAbsolutePath();
		if (directory.toString().contains("'")) {
			throw new IllegalArgumentException("Directory for the fake az must not contain a single quote: " + directory);
		}
		FakeAzureCli cli = new FakeAzureCli(directory);
		try {
			Path tokenFile = directory.resolve("az-token.json");
			Files.writeString(tokenFile, tokenJson(emulator, emulator.mintAccessToken(clientId, audience,
					emulator.tokens().lifetime())), StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
			Path script = directory.resolve("az");
			Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + cli.invocationLog + "'\ncat '" + tokenFile
					+ "'\n", StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot install the fake az into " + directory, ex);
		}
		return cli;
	}

	/**
	 * The directory holding the {@code az} script, to put first on {@code PATH}.
	 * @return the directory
	 */
	public Path path() {
		return this.directory;
	}

	/**
	 * The arguments of every {@code az} invocation so far, one entry per call, such as
	 * {@code account get-access-token --output json --resource api://kafka-test}.
	 * @return the invocations, oldest first
	 */
	public List<String> invocations() {
		try {
			return Files.exists(this.invocationLog) ? Files.readAllLines(this.invocationLog) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.invocationLog, ex);
		}
	}

	/** The JSON {@code az account get-access-token} prints; azure-identity prefers {@code expires_on}. */
	private static String tokenJson(EntraEmulator emulator, String jwt) {
		Instant expiresAt;
		try {
			expiresAt = SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The emulator minted an unreadable token");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("accessToken", jwt);
		body.put("expiresOn", LOCAL_EXPIRY.format(expiresAt.atZone(ZoneId.systemDefault())));
		body.put("expires_on", expiresAt.getEpochSecond());
		body.put("subscription", "00000000-0000-0000-0000-000000000000");
		body.put("tenant", emulator.tenantId());
		body.put("tokenType", "Bearer");
		return JsonMapper.builder().build().writeValueAsString(body);
	}

}
