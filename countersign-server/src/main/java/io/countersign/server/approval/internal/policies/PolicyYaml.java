package io.countersign.server.approval.internal.policies;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.approval.PolicyDocument;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The policies as YAML, policy as code (docs/approvals.md): {@code policies:} a list of
 * the members {@code POST /api/v1/policies} takes, in a stable order (by action type,
 * members as documented), so that exporting, committing and importing again changes
 * nothing. Read with SnakeYAML's safe constructor (plain maps, lists and scalars only),
 * with bounds on size, nesting and aliases; a mistake names its line and column.
 */
final class PolicyYaml {

	static final int MAX_CODE_POINTS = 1_000_000;

	private static final String HEADER = """
			# Countersign approval policies (docs/approvals.md, "Policies as YAML").
			# Change them with POST /api/v1/policies/import: one policy.change request shows every change.
			# An elevated policy needs one more approval from the role the server configures for elevation.
			""";

	private PolicyYaml() {
	}

	/** One policy of an import and the line it starts on (1-based). */
	record Entry(int line, Map<String, Object> form) {
	}

	static String write(List<PolicyDocument> policies) {
		List<Object> entries = new ArrayList<>();
		policies.stream()
			.sorted((a, b) -> a.actionType().compareTo(b.actionType()))
			.forEach((policy) -> entries.add(entry(policy)));
		Map<String, Object> root = new LinkedHashMap<>();
		root.put(ChangingPolicies.POLICIES, entries);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setSplitLines(false);
		return HEADER + new Yaml(options).dump(root);
	}

	static List<Entry> read(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(20);
		options.setNestingDepthLimit(16);
		options.setCodePointLimit(MAX_CODE_POINTS);
		DumperOptions dumper = new DumperOptions();
		Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
		Node root;
		Object loaded;
		try {
			root = yaml.compose(new StringReader(text));
			loaded = yaml.load(text);
		}
		catch (MarkedYAMLException ex) {
			throw PolicyForm.invalid("the YAML does not parse: " + where(ex.getProblemMark()) + ex.getProblem());
		}
		catch (YAMLException ex) {
			throw PolicyForm.invalid("the YAML does not parse: " + ex.getMessage());
		}
		if (!(root instanceof MappingNode mapping) || !(loaded instanceof Map<?, ?> document)
				|| !(document.get(ChangingPolicies.POLICIES) instanceof List<?> policies) || document.size() != 1) {
			throw PolicyForm.invalid("the YAML is a mapping with one member, \"policies\": a list of policies");
		}
		List<Node> items = policyNodes(mapping);
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < policies.size(); i++) {
			int line = items.get(i).getStartMark().getLine() + 1;
			if (!(policies.get(i) instanceof Map<?, ?> form)) {
				throw PolicyForm.invalid("line " + line + ": a policy is a mapping of its members");
			}
			Map<String, Object> members = new LinkedHashMap<>();
			for (Map.Entry<?, ?> member : form.entrySet()) {
				if (!(member.getKey() instanceof String name)) {
					throw PolicyForm.invalid("line " + line + ": member names are strings");
				}
				members.put(name, member.getValue());
			}
			entries.add(new Entry(line, members));
		}
		return entries;
	}

	private static List<Node> policyNodes(MappingNode root) {
		for (NodeTuple tuple : root.getValue()) {
			if (tuple.getKeyNode() instanceof ScalarNode key && ChangingPolicies.POLICIES.equals(key.getValue())
					&& tuple.getValueNode() instanceof SequenceNode sequence) {
				return sequence.getValue();
			}
		}
		throw PolicyForm.invalid("the YAML is a mapping with one member, \"policies\": a list of policies");
	}

	private static String where(Mark mark) {
		return (mark != null) ? "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " : "";
	}

	private static Map<String, Object> entry(PolicyDocument policy) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("actionType", policy.actionType());
		entry.put("description", policy.description());
		entry.put("initiators", policy.initiators());
		entry.put("quorum", policy.quorum());
		entry.put("veto", policy.veto());
		entry.put("elevated", policy.elevated());
		entry.put("expiresIn", policy.expiresIn().toString());
		entry.put("minJustification", policy.minJustification());
		entry.put("execution", policy.execution());
		// the secret is never exported: its fingerprint names the sealed secret on import
		policy.executor().ifPresent((executor) -> entry.put("executor", executor.toJson()));
		return entry;
	}

}
