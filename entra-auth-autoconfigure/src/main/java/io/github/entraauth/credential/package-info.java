/**
 * Entra ID identities: {@code entra.credential.*} and per-integration overrides turned into
 * azure-identity {@link com.azure.core.credential.TokenCredential}s, validated at startup.
 */
@NullMarked
package io.github.entraauth.credential;

import org.jspecify.annotations.NullMarked;
