/**
 * Actuator support for the Redis integration: meters of the re-authentication of live Lettuce
 * connections and of its recoveries.
 */
@NullMarked
package io.github.entraauth.redis.actuate;

import org.jspecify.annotations.NullMarked;
