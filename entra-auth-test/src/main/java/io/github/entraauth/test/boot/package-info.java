/**
 * The local peers as Spring Boot service connections: {@link io.github.entraauth.test.boot.EntraPeers} on a
 * test, or {@link io.github.entraauth.test.boot.EntraPeersConfiguration} with
 * {@code SpringApplication.from(MyApplication::main).with(...)} at development time.
 */
@NullMarked
package io.github.entraauth.test.boot;

import org.jspecify.annotations.NullMarked;
