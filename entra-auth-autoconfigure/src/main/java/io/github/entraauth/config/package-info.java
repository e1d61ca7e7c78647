/**
 * The project-wide configuration error: a bad entra.* setting reported at startup with the property and
 * the fix.
 */
@NullMarked
package io.github.entraauth.config;

import org.jspecify.annotations.NullMarked;
