/**
 * Spark through Livy: {@link io.github.entraauth.livy.LivyService} for Microsoft Fabric and
 * Apache Livy, with Entra ID, Basic or no authentication, version-gated requests, bounded
 * polling, throttling-aware retries, keep-alive and leak-safe cleanup.
 */
@NullMarked
package io.github.entraauth.livy;

import org.jspecify.annotations.NullMarked;
