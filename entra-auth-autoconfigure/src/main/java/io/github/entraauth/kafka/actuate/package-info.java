/**
 * Kafka operations: meters for token requests and listener authentication failures, and a health
 * contributor that asks each configured cluster for its description. Nothing here exposes a token.
 */
@NullMarked
package io.github.entraauth.kafka.actuate;

import org.jspecify.annotations.NullMarked;
