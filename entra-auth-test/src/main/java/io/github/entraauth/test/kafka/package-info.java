/**
 * An in-process Kafka KRaft broker with a SASL/OAUTHBEARER listener that validates Entra ID-shaped JWTs
 * through JWKS, for testing applications that authenticate to Kafka with Entra ID tokens.
 */
@NullMarked
package io.github.entraauth.test.kafka;

import org.jspecify.annotations.NullMarked;
