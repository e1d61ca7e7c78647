/**
 * An in-process Microsoft Entra ID emulator that real azure-identity credentials talk to.
 * <p>
 * Typical use in a test:
 * <pre>{@code
 * @RegisterExtension
 * static EntraEmulatorExtension entra = new EntraEmulatorExtension();
 *
 * @Test
 * void getsToken(EntraEmulator emulator) {
 *     emulator.registerSecretClient("my-app", "my-secret", "Kafka.Write");
 *     TokenCredential credential = new ClientSecretCredentialBuilder()
 *         .configuration(isolatedConfiguration)        // before authorityHost, which it would reset
 *         .authorityHost(emulator.authorityHost())
 *         .disableInstanceDiscovery()
 *         .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
 *         .tenantId(emulator.tenantId()).clientId("my-app").clientSecret("my-secret")
 *         .build();
 *     String jwt = credential.getTokenSync(new TokenRequestContext().addScopes("api://kafka-test/.default")).getToken();
 *     emulator.verify(jwt);
 * }
 * }</pre>
 * Managed identity and Azure CLI credentials read the real environment; run them in a
 * {@link io.github.entraauth.test.ChildJvm} with {@link ManagedIdentities#appServiceEndpoint()},
 * {@link ManagedIdentities#imdsAuthorityHost()} or a {@link FakeAzureCli}.
 */
@NullMarked
package io.github.entraauth.test.entra;

import org.jspecify.annotations.NullMarked;
