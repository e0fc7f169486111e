/**
 * Compliance: SOC 2, GDPR and HIPAA controls from a catalog shipped with the jar,
 * automated checks over live data that never claim what they cannot see, attestations for
 * the rest, scores with their daily history, and signed reports an auditor verifies
 * offline (docs/compliance.md).
 */
@ApplicationModule(displayName = "Compliance")
package io.countersign.server.compliance;

import org.springframework.modulith.ApplicationModule;
