/**
 * Real Spark SQL behind the Livy emulator: {@code sql} statements run on an in-process local SparkSession.
 */
@NullMarked
package io.github.entraauth.test.spark;

import org.jspecify.annotations.NullMarked;
