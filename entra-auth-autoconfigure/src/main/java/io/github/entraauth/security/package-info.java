/**
 * Web sign-in with Entra ID and Entra-protected APIs on Spring Security: the client registration from
 * {@code entra.security.*}, and Entra groups and app roles (including group overage, read from Microsoft Graph)
 * mapped to {@code ROLE_} authorities for OIDC login and for bearer-token resource servers.
 */
@NullMarked
package io.github.entraauth.security;

import org.jspecify.annotations.NullMarked;
