/**
 * A minimal application for the test kit's tests.
 */
@NullMarked
package io.github.entraauth.kittests;

import org.jspecify.annotations.NullMarked;
