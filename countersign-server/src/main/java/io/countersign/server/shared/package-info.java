/**
 * Types every feature may use: error codes and the exception that carries them. An open
 * Spring Modulith module, so depending on it never counts as reaching into a feature.
 */
@ApplicationModule(displayName = "Shared", type = ApplicationModule.Type.OPEN)
package io.countersign.server.shared;

import org.springframework.modulith.ApplicationModule;
