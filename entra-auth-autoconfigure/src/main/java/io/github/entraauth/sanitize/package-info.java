/**
 * Masking of secrets in Actuator's env and configprops endpoints, whatever their show-values setting.
 */
@NullMarked
package io.github.entraauth.sanitize;

import org.jspecify.annotations.NullMarked;
