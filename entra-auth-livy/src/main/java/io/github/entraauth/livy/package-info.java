/**
 * Spark through Livy, as a plain library on Spring's RestClient and Jackson:
 * {@link io.github.entraauth.livy.LivyService} (built with {@link io.github.entraauth.livy.LivyService#builder})
 * for Microsoft Fabric and Apache Livy, with bearer-token, Basic or no authentication, version-gated
 * requests, bounded polling, throttling-aware retries, keep-alive and leak-safe cleanup.
 */
@NullMarked
package io.github.entraauth.livy;

import org.jspecify.annotations.NullMarked;
