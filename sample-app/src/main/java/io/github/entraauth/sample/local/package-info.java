/**
 * The {@code local} profile's embedded peers.
 */
@NullMarked
package io.github.entraauth.sample.local;

import org.jspecify.annotations.NullMarked;
