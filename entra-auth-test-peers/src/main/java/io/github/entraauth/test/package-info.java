/**
 * Local peers for testing applications that authenticate with Microsoft Entra ID, and helpers to drive them.
 */
@NullMarked
package io.github.entraauth.test;

import org.jspecify.annotations.NullMarked;
