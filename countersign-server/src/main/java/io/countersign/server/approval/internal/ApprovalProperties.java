package io.countersign.server.approval.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of approvals, {@code countersign.approvals.*} (README, Configuration).
 *
 * @param elevationRole the role that gives the one more approval an elevated policy needs
 * @param expiryInterval how often each instance looks for requests past their expiry
 * @param pageSize the most requests one page of {@code GET /api/v1/approvals} lists
 * @param delegationMaxWindow the longest window a delegation may span
 * @param standingRuleMaxLifetime the longest a standing rule may stay in force
 */
@ConfigurationProperties("countersign.approvals")
public record ApprovalProperties(@DefaultValue("admin") String elevationRole,
		@DefaultValue("PT10S") Duration expiryInterval, @DefaultValue("50") int pageSize,
		@DefaultValue("P30D") Duration delegationMaxWindow, @DefaultValue("P30D") Duration standingRuleMaxLifetime) {

}
