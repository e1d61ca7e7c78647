/**
 * Redis with Entra ID tokens: a streaming Lettuce credentials provider that re-AUTHenticates every
 * live connection when the token is refreshed, plugged into Spring Boot's Lettuce configuration.
 */
@NullMarked
package io.github.entraauth.redis;

import org.jspecify.annotations.NullMarked;
