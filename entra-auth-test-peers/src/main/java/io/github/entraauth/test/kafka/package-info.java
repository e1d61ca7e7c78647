/**
 * An in-process Kafka KRaft broker with SASL_SSL and SASL_PLAINTEXT OAUTHBEARER listeners that validate Entra ID-shaped JWTs
 * through JWKS, for testing applications that authenticate to Kafka with Entra ID tokens.
 */
@NullMarked
package io.github.entraauth.test.kafka;

import org.jspecify.annotations.NullMarked;
