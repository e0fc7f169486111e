package io.countersign.server.compliance.internal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the catalog: SnakeYAML's safe constructor (plain maps, lists and
 * scalars), then every member checked, so a mistake in the catalog stops the server at
 * start with a message naming the control, rather than a control silently judged wrong.
 */
public final class CatalogReader {

	/** Where the catalog ships in the jar. */
	public static final String RESOURCE = "compliance/catalog.yaml";

	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,99}");

	private CatalogReader() {
	}

	/** Reads the catalog shipped with the jar. */
	public static Catalog shipped(Set<String> checkIds) {
		try (InputStream in = CatalogReader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new InvalidCatalogException("the compliance catalog " + RESOURCE + " is missing from the jar");
			}
			return read(new InputStreamReader(in, StandardCharsets.UTF_8), checkIds);
		}
		catch (IOException ex) {
			throw new InvalidCatalogException("the compliance catalog cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Reads a catalog whose automated controls may use only {@code checkIds}.
	 * @throws InvalidCatalogException naming what is wrong and where
	 */
	public static Catalog read(Reader yaml, Set<String> checkIds) {
		Object root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		}
		catch (YAMLException ex) {
			throw new InvalidCatalogException("the compliance catalog is not valid YAML: " + ex.getMessage());
		}
		Map<?, ?> top = map(root, "the catalog");
		String version = text(top, "version", "the catalog");
		List<Catalog.Framework> frameworks = new ArrayList<>();
		Set<String> frameworkIds = new HashSet<>();
		Set<String> controlIds = new HashSet<>();
		for (Object item : list(top.get("frameworks"), "frameworks")) {
			Map<?, ?> framework = map(item, "a framework");
			String id = id(framework, "a framework");
			if (!frameworkIds.add(id)) {
				throw new InvalidCatalogException("framework " + id + " is listed twice");
			}
			List<Catalog.Control> controls = new ArrayList<>();
			for (Object each : list(framework.get("controls"), "framework " + id + ": controls")) {
				Catalog.Control control = control(map(each, "a control of " + id), checkIds);
				if (!controlIds.add(control.id())) {
					throw new InvalidCatalogException("control " + control.id() + " is listed twice");
				}
				controls.add(control);
			}
			if (controls.isEmpty()) {
				throw new InvalidCatalogException("framework " + id + " has no controls");
			}
			frameworks.add(new Catalog.Framework(id, text(framework, "name", "framework " + id), controls));
		}
		if (frameworks.isEmpty()) {
			throw new InvalidCatalogException("the catalog has no frameworks");
		}
		return new Catalog(version, frameworks);
	}

	private static Catalog.Control control(Map<?, ?> yaml, Set<String> checkIds) {
		String id = id(yaml, "a control");
		String where = "control " + id;
		List<String> checks = yaml.containsKey("checks") ? texts(yaml.get("checks"), where + ": checks") : List.of();
		for (String check : checks) {
			if (!checkIds.contains(check)) {
				throw new InvalidCatalogException(where + " names the unknown check '" + check + "' (known checks: "
						+ String.join(", ", checkIds.stream().sorted().toList()) + ")");
			}
		}
		List<String> references = texts(yaml.get("references"), where + ": references");
		if (references.isEmpty()) {
			throw new InvalidCatalogException(where + " maps to no framework reference");
		}
		Object weight = yaml.get("weight");
		if (!(weight instanceof Integer number) || number < 1 || number > 5) {
			throw new InvalidCatalogException(where + ": weight must be a whole number from 1 to 5");
		}
		String docs = text(yaml, "docs", where);
		if (!ID.matcher(docs).matches()) {
			throw new InvalidCatalogException(where + ": docs must be an anchor of docs/compliance.md");
		}
		return new Catalog.Control(id, text(yaml, "name", where), text(yaml, "description", where), references, checks,
				text(yaml, "remedy", where), docs, number);
	}

	private static String id(Map<?, ?> yaml, String where) {
		String id = text(yaml, "id", where);
		if (!ID.matcher(id).matches()) {
			throw new InvalidCatalogException(where + ": id '" + id + "' must be lower case letters, digits, '.', '-'");
		}
		return id;
	}

	private static Map<?, ?> map(Object value, String where) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw new InvalidCatalogException(where + " must be a mapping");
	}

	private static List<?> list(Object value, String where) {
		if (value instanceof List<?> list) {
			return list;
		}
		throw new InvalidCatalogException(where + " must be a list");
	}

	private static List<String> texts(Object value, String where) {
		List<String> texts = new ArrayList<>();
		for (Object item : list(value, where)) {
			if (!(item instanceof String text) || text.isBlank()) {
				throw new InvalidCatalogException(where + " must hold only non-empty text");
			}
			texts.add(text.strip());
		}
		return texts;
	}

	private static String text(Map<?, ?> yaml, String key, String where) {
		Object value = yaml.get(key);
		if (value instanceof String text && !text.isBlank()) {
			return text.strip();
		}
		throw new InvalidCatalogException(where + ": " + key + " is required");
	}

	/** The catalog cannot be used; the server does not start. */
	public static final class InvalidCatalogException extends IllegalStateException {

		public InvalidCatalogException(String message) {
			super("compliance catalog " + RESOURCE + ": " + message);
		}

	}

}
