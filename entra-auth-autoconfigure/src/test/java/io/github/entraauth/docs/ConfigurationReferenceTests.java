package io.github.entraauth.docs;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.entraauth.livy.user.EntraUserLivyProperties;
import io.github.entraauth.security.EntraSecurityProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference cannot drift from the code: every {@code entra.*} key in the
 * generated IDE metadata has a description and appears in {@code docs/configuration.md}.
 */
class ConfigurationReferenceTests {

	@Test
	void everyEntraKeyIsDescribedAndDocumented() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			metadata = JsonMapper.shared().readTree(in);
		}
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		List<String> keys = new ArrayList<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("entra.")) {
				keys.add(name);
				assertThat(property.path("description").asString()).as("description of " + name).isNotBlank();
				assertThat(reference).as("docs/configuration.md documents " + name).contains("`" + name + "`");
			}
		}
		assertThat(keys).as("entra.* keys in the metadata").hasSizeGreaterThan(50);
	}

	/** List defaults are not read from the code by the metadata processor; they are declared by hand, so compare. */
	@Test
	void listDefaultsInTheMetadataAreTheCodesDefaults() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.shared().readTree(in);
		}
		assertThat(defaultOf(metadata, "entra.security.scopes")).isEqualTo(new EntraSecurityProperties().getScopes());
		assertThat(defaultOf(metadata, "entra.security.livy.scopes"))
			.isEqualTo(new EntraUserLivyProperties().getScopes());
	}

	private static List<String> defaultOf(JsonNode metadata, String name) {
		List<String> values = new ArrayList<>();
		for (JsonNode property : metadata.path("properties")) {
			if (property.path("name").asString().equals(name)) {
				property.path("defaultValue").forEach((value) -> values.add(value.asString()));
			}
		}
		return values;
	}

}
