/**
 * Operations: health, metrics and the {@code entra} Actuator endpoint. Nothing here ever exposes a
 * token or a secret.
 */
@NullMarked
package io.github.entraauth.actuate;

import org.jspecify.annotations.NullMarked;
