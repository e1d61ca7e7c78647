package io.github.entraauth.benchmarks;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.AzurePowerShellCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.IntelliJCredentialBuilder;
import com.azure.identity.VisualStudioCodeCredentialBuilder;

/**
 * Run in a child JVM on a chosen classpath: builds one credential type, asks it for a token and
 * prints {@code PROBE ok} or {@code PROBE <throwable type>} (the type only: messages may carry
 * secrets). Used to find out which credentials need the JNA and msal4j-persistence jars.
 */
public final class CredentialProbe {

	private CredentialProbe() {
	}

	public static void main(String[] args) {
		String scope = args[1];
		try {
			TokenCredential credential = switch (args[0]) {
				case "default" -> new DefaultAzureCredentialBuilder().build();
				case "azure-cli" -> new AzureCliCredentialBuilder().build();
				case "powershell" -> new AzurePowerShellCredentialBuilder().build();
				case "intellij" -> new IntelliJCredentialBuilder().build();
				case "vscode" -> new VisualStudioCodeCredentialBuilder().build();
				default -> throw new IllegalArgumentException(args[0]);
			};
			credential.getTokenSync(new TokenRequestContext().addScopes(scope));
			System.out.println("PROBE ok");
		}
		catch (Throwable ex) {
			System.out.println("PROBE " + ex.getClass().getName());
		}
		System.exit(0);
	}

}
