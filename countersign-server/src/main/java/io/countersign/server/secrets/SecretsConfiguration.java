package io.countersign.server.secrets;

import io.countersign.server.config.CountersignProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the master key and the sealer available to the service; the key is resolved once,
 * at startup, so a malformed key stops the service before it serves anything.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

	@Bean
	MasterKey masterKey(CountersignProperties properties) {
		return MasterKey.resolve(properties.dataDir(), properties.configuredMasterKey());
	}

	@Bean
	SecretSealer secretSealer(MasterKey masterKey) {
		return new SecretSealer(masterKey);
	}

}
