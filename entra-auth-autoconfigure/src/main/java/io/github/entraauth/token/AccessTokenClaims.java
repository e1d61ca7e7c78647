package io.github.entraauth.token;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import org.jspecify.annotations.Nullable;

/**
 * The claims of an Entra ID access token that integrations need, read from the JWT payload
 * <em>without verifying the signature</em>: the server that receives the token verifies it.
 *
 * @param oid the object id of the principal
 * @param tid the tenant id
 * @param audiences the {@code aud} claim (a string or an array in the token)
 * @param appId the application id ({@code appid} in v1 tokens, {@code azp} in v2 tokens)
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record AccessTokenClaims(@Nullable String oid, @Nullable String tid, List<String> audiences,
		@Nullable String appId, @Nullable Instant issuedAt, @Nullable Instant expiresAt) {

	/**
	 * Reads the claims of a JWT access token.
	 * @param jwt the token
	 * @return its claims
	 * @throws IllegalArgumentException if the token is not a JWT with a JSON payload; the message
	 * never contains the token
	 */
	public static AccessTokenClaims parse(String jwt) {
		String[] parts = jwt.split("\\.", -1);
		if (parts.length != 3 || parts[1].isEmpty()) {
			throw new IllegalArgumentException(
					"The access token is not a JWT (expected 3 dot-separated parts, found " + parts.length + ")");
		}
		byte[] payload;
		try {
			// the URL decoder accepts payloads with and without '=' padding
			payload = Base64.getUrlDecoder().decode(parts[1]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The access token's payload is not base64url-encoded", null);
		}
		try (JsonReader reader = JsonProviders.createReader(payload)) {
			return read(reader);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("The access token's payload is not a JSON object", null);
		}
	}

	private static AccessTokenClaims read(JsonReader reader) throws IOException {
		if (reader.nextToken() != JsonToken.START_OBJECT) {
			throw new IOException("not an object");
		}
		String oid = null;
		String tid = null;
		String appid = null;
		String azp = null;
		List<String> audiences = new ArrayList<>();
		Instant iat = null;
		Instant exp = null;
		while (reader.nextToken() != JsonToken.END_OBJECT) {
			String name = reader.getFieldName();
			JsonToken value = reader.nextToken();
			switch (name) {
				case "oid" -> oid = reader.getNullable(JsonReader::getString);
				case "tid" -> tid = reader.getNullable(JsonReader::getString);
				case "appid" -> appid = reader.getNullable(JsonReader::getString);
				case "azp" -> azp = reader.getNullable(JsonReader::getString);
				case "iat" -> iat = readInstant(reader, value);
				case "exp" -> exp = readInstant(reader, value);
				case "aud" -> {
					if (value == JsonToken.START_ARRAY) {
						audiences.addAll(reader.readArray(JsonReader::getString));
					}
					else if (value == JsonToken.STRING) {
						audiences.add(reader.getString());
					}
				}
				default -> reader.skipChildren();
			}
		}
		return new AccessTokenClaims(oid, tid, List.copyOf(audiences), (azp != null) ? azp : appid, iat, exp);
	}

	private static @Nullable Instant readInstant(JsonReader reader, JsonToken value) throws IOException {
		if (value == JsonToken.NUMBER) {
			return Instant.ofEpochSecond(reader.getLong());
		}
		reader.skipChildren();
		return null;
	}

}
