/**
 * Actuator support for Entra ID tokens: one health indicator per scope, token meters, the entra
 * endpoint and the sanitizing of identity secrets.
 */
@NullMarked
package io.github.entraauth.token.actuate;

import org.jspecify.annotations.NullMarked;
