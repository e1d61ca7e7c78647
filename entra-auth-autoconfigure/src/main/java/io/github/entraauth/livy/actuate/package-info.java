/**
 * Livy operations: health from the session list, and meters for retries, throttled waits, statements and
 * open sessions.
 */
@NullMarked
package io.github.entraauth.livy.actuate;

import org.jspecify.annotations.NullMarked;
