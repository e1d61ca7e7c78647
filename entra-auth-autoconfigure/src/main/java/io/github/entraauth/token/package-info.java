/**
 * Entra ID access tokens: one {@link io.github.entraauth.token.TokenManager} per identity and
 * scope, refreshed ahead of expiry in the background and read lock-free on the data path.
 */
@NullMarked
package io.github.entraauth.token;

import org.jspecify.annotations.NullMarked;
