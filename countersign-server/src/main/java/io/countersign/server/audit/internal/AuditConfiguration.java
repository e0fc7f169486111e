package io.countersign.server.audit.internal;

import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.audit.LedgerVerification;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the public ledger services that are plain classes (usable without Spring). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

	@Bean
	LedgerVerification ledgerVerification(DataSource dataSource, LedgerKeys keys) {
		return new LedgerVerification(dataSource, keys.verifierKey(), Optional.of(keys.chainKeys()));
	}

	/**
	 * In place of Spring Boot's: a change's transaction returns once the events recorded
	 * in it are in the ledger (docs/decisions/011-audit-outbox.md).
	 */
	@Bean
	TransactionTemplate transactionTemplate(PlatformTransactionManager transactions, AuditOutbox outbox) {
		return new AuditedTransactionTemplate(transactions, outbox);
	}

}
