package io.countersign.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the server jar to start as a child process: the one given, else the one the build
 * puts next to this jar in the repository.
 */
final class ServerJar {

	/** Where {@code ./mvnw package} writes the server jar, relative to the repository. */
	static final Path BUILT = Path.of("countersign-server", "target", "countersign.jar");

	private ServerJar() {
	}

	static Path locate(Optional<Path> given) {
		if (given.isPresent()) {
			if (!Files.isRegularFile(given.get())) {
				throw new IllegalArgumentException("no server jar at " + given.get());
			}
			return given.get();
		}
		if (Files.isRegularFile(BUILT)) {
			return BUILT;
		}
		// run from elsewhere: this jar is countersign-bench/target/countersign-bench.jar
		Optional<Path> besideThisJar = thisJar().map((jar) -> jar.toAbsolutePath().getParent())
			.map(Path::getParent)
			.map(Path::getParent)
			.map((repository) -> repository.resolve(BUILT))
			.filter(Files::isRegularFile);
		return besideThisJar.orElseThrow(() -> new IllegalArgumentException(
				"no server jar at " + BUILT + "; build it with ./mvnw -B -q -DskipTests package or pass --server-jar"));
	}

	/** The jar this JVM was started with ({@code java -jar}), if any. */
	private static Optional<Path> thisJar() {
		String classPath = System.getProperty("java.class.path", "");
		if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
				&& Files.isRegularFile(Path.of(classPath))) {
			return Optional.of(Path.of(classPath));
		}
		return Optional.empty();
	}

}
