/**
 * Auto-configuration of the Livy client: {@link io.github.entraauth.livy.LivyService} from
 * {@code entra.livy.*}, authenticated with the application's Entra ID token manager.
 */
@NullMarked
package io.github.entraauth.livy.autoconfigure;

import org.jspecify.annotations.NullMarked;
