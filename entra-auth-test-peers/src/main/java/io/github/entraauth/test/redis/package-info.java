/**
 * A real {@code redis-server} process for tests, with one ACL user per Entra token so that token
 * expiry closes connections the way Azure does.
 */
@NullMarked
package io.github.entraauth.test.redis;

import org.jspecify.annotations.NullMarked;
