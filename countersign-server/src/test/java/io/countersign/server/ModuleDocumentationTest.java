package io.countersign.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.CanvasOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.ElementsWithoutRelationships;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module diagrams and canvases in {@code docs/modules} are generated from the code by
 * Spring Modulith's {@link Documenter}: every build writes them into {@code target/} and
 * fails if the committed copy differs, so the documentation cannot drift from the modules
 * it describes. The build never writes into the working tree unless asked to.
 */
class ModuleDocumentationTest {

	static final String REFRESH = "./mvnw -B -q -pl countersign-server -am test -Dtest=ModuleDocumentationTest "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dcountersign.refresh-module-docs=true";

	// surefire runs the tests in the module's directory
	private static final Path COMMITTED = Path.of("..", "docs", "modules");

	private static final Path GENERATED = Path.of("target", "spring-modulith-docs");

	// written by hand: how to read the generated files
	private static final String README = "README.md";

	@Test
	void committedModuleDocumentationIsWhatTheCodeGenerates() throws IOException {
		// the same modules ModuleStructureTest verifies
		ApplicationModules modules = ApplicationModules.of(CountersignApplication.class);
		// a module nothing depends on and that depends on nothing is still a module
		DiagramOptions diagrams = DiagramOptions.defaults()
			.withElementsWithoutRelationships(ElementsWithoutRelationships.VISIBLE);
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
			.writeDocumentation(diagrams, CanvasOptions.defaults());
		Map<String, String> generated = read(GENERATED);
		assertThat(generated).isNotEmpty().containsKey("components.puml");
		if (Boolean.getBoolean("countersign.refresh-module-docs")) {
			refresh(generated);
		}
		Map<String, String> committed = read(COMMITTED);
		committed.remove(README);
		Set<String> names = new TreeSet<>(generated.keySet());
		names.addAll(committed.keySet());
		names.removeIf((name) -> sameLines(generated.get(name), committed.get(name)));
		assertThat(names)
			.as("files in docs/modules that are not what the code generates; refresh them with%n  %s%n", REFRESH)
			.isEmpty();
	}

	private static void refresh(Map<String, String> generated) throws IOException {
		Files.createDirectories(COMMITTED);
		for (String stale : read(COMMITTED).keySet()) {
			if (!stale.equals(README) && !generated.containsKey(stale)) {
				Files.delete(COMMITTED.resolve(stale));
			}
		}
		Map<String, String> committed = read(COMMITTED);
		for (Map.Entry<String, String> file : generated.entrySet()) {
			if (!sameLines(file.getValue(), committed.get(file.getKey()))) {
				Files.writeString(COMMITTED.resolve(file.getKey()), file.getValue());
			}
		}
	}

	// The order of modules, of their relations and of the items of a table cell (a
	// module's published events) follows the order in which the classes were scanned,
	// which need not be the same on another machine; nothing else may differ. A cell's
	// first item carries the cell's "|", so items are compared without it.
	private static boolean sameLines(String generated, String committed) {
		return generated != null && committed != null && unordered(generated).equals(unordered(committed));
	}

	private static List<String> unordered(String text) {
		return text.lines().map((line) -> line.startsWith("|* ") ? line.substring(1) : line).sorted().toList();
	}

	// file name to content; the generated documentation is one flat folder
	private static Map<String, String> read(Path folder) throws IOException {
		Map<String, String> files = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return files;
		}
		List<Path> paths;
		try (Stream<Path> list = Files.list(folder)) {
			paths = list.filter(Files::isRegularFile).toList();
		}
		for (Path path : paths) {
			files.put(path.getFileName().toString(), Files.readString(path));
		}
		return files;
	}

}
