package io.github.entraauth.test.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Runs a {@code @SpringBootTest} against the local Entra world: imports {@link EntraPeersConfiguration}, whose
 * peers become the application's Entra identity, Kafka, Redis and Livy connections with no property to set.
 * The peers are beans too, for a test that changes them (faults, token lifetime) or checks what reached them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(EntraPeersConfiguration.class)
public @interface EntraPeers {

}
