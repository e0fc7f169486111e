/**
 * Types every feature may use: error codes and the exception that carries them, the
 * {@link io.countersign.server.shared.Caller} of a request and the access-rule
 * annotations of endpoints. An open Spring Modulith module, so depending on it never
 * counts as reaching into a feature.
 */
@ApplicationModule(displayName = "Shared", type = ApplicationModule.Type.OPEN)
package io.countersign.server.shared;

import org.springframework.modulith.ApplicationModule;
