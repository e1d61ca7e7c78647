/**
 * An in-JVM emulator of Apache Livy and the Microsoft Fabric Livy API, with real state
 * machines, SQL statements executed on H2, bearer-token validation and fault injection.
 */
@NullMarked
package io.github.entraauth.test.livy;

import org.jspecify.annotations.NullMarked;
