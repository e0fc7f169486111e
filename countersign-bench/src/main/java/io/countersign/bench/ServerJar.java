package io.countersign.server.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the server jar this command runs from, to start it again as a child process. */
final class ServerJar {

	private ServerJar() {
	}

	static Path locate(Optional<Path> given) {
		if (given.isPresent()) {
			return given.get();
		}
		String classPath = System.getProperty("java.class.path", "");
		if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
				&& Files.isRegularFile(Path.of(classPath))) {
			return Path.of(classPath);
		}
		Path built = Path.of("countersign-server", "target", "countersign.jar");
		if (Files.isRegularFile(built)) {
			return built;
		}
		throw new IllegalArgumentException("cannot tell which server jar to start; run with java -jar or pass --jar");
	}

}
