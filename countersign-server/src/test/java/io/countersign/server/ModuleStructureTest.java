package io.countersign.server;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages are Spring Modulith application modules: none reaches into
 * another's internals, and there are no cycles between them.
 */
class ModuleStructureTest {

	@Test
	void featuresRespectEachOthersBoundaries() {
		// The main class is an entry point, not a feature: it dispatches to the CLI, and
		// the
		// CLI's bench starts the application in-process. Leaving it out of the analysis
		// keeps
		// that one deliberate loop from hiding real cycles between features.
		ApplicationModules
			.of(CountersignApplication.class, JavaClass.Predicates.equivalentTo(CountersignApplication.class))
			.verify();
	}

}
