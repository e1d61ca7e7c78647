/**
 * Kafka SASL/OAUTHBEARER with Entra ID tokens: the login callback handler Kafka creates by reflection,
 * the scope derived from the bootstrap servers, and the auto-configuration that applies them to the
 * clients Spring Boot builds.
 */
@NullMarked
package io.github.entraauth.kafka;

import org.jspecify.annotations.NullMarked;
