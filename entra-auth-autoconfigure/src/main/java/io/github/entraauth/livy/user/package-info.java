/**
 * Per-user Livy: {@link io.github.entraauth.livy.user.UserLivyServices} gives each signed-in user a view of
 * the application's Livy service that runs with the user's own delegated Entra ID token.
 */
@NullMarked
package io.github.entraauth.livy.user;

import org.jspecify.annotations.NullMarked;
