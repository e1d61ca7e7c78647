package io.github.entraauth.livy;

/**
 * The Livy REST dialect a server speaks.
 */
public enum LivyDialect {

	/** Apache Livy: int ids, 201 + Location, {@code from}/{@code size} paging, {@code X-Requested-By}. */
	APACHE,

	/** Microsoft Fabric Livy API: GUID ids, 202 on create, {@code $top}/{@code $skip} paging. */
	FABRIC

}
