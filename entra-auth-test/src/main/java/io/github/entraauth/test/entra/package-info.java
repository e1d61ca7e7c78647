/**
 * An in-process Microsoft Entra ID emulator that real azure-identity credentials can talk to.
 */
@NullMarked
package io.github.entraauth.test.entra;

import org.jspecify.annotations.NullMarked;
