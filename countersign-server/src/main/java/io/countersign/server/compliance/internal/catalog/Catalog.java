package io.countersign.server.compliance.internal.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The controls of every framework, as shipped in {@code compliance/catalog.yaml}.
 *
 * @param version the catalog's version, named by every evaluation and report
 * @param frameworks the frameworks in catalog order
 */
public record Catalog(String version, List<Framework> frameworks) {

	public Catalog {
		frameworks = List.copyOf(frameworks);
	}

	public Optional<Framework> framework(String id) {
		return this.frameworks.stream().filter((framework) -> framework.id().equals(id)).findFirst();
	}

	/** The control {@code id} of any framework. */
	public Optional<Control> control(String id) {
		return this.frameworks.stream()
			.flatMap((framework) -> framework.controls().stream())
			.filter((control) -> control.id().equals(id))
			.findFirst();
	}

	/** A framework and its controls. */
	public record Framework(String id, String name, List<Control> controls) {

		public Framework {
			controls = List.copyOf(controls);
		}

	}

	/**
	 * A control. It is automated when it names checks, else manual.
	 *
	 * @param docs the anchor of its section in docs/compliance.md
	 */
	public record Control(String id, String name, String description, List<String> references, List<String> checks,
			String remedy, String docs, int weight) {

		public Control {
			references = List.copyOf(references);
			checks = List.copyOf(checks);
		}

		public boolean automated() {
			return !this.checks.isEmpty();
		}

		/** The link to our documentation of it. */
		public String docsLink() {
			return "docs/compliance.md#" + this.docs;
		}

	}

}
