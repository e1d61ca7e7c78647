/**
 * The minimal Boot application whose start the benchmarks time with and without the starter.
 */
@NullMarked
package io.github.entraauth.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
