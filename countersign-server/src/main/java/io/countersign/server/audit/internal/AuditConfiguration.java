package io.countersign.server.audit.internal;

import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.audit.LedgerVerification;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the public ledger services that are plain classes (usable without Spring). */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	LedgerVerification ledgerVerification(DataSource dataSource, LedgerKeys keys) {
		return new LedgerVerification(dataSource, keys.verifierKey(), Optional.of(keys.chainKeys()));
	}

}
