/**
 * The order-processing sample.
 */
@NullMarked
package io.github.entraauth.sample;

import org.jspecify.annotations.NullMarked;
