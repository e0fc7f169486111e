package io.countersign.server;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages are Spring Modulith application modules: none reaches into
 * another's internals, and there are no cycles between them.
 */
class ModuleStructureTest {

	@Test
	void featuresRespectEachOthersBoundaries() {
		ApplicationModules.of(CountersignApplication.class).verify();
	}

}
