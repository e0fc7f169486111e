package io.countersign.server.cli.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a request asks for, from the command line: its parameters ({@code --param k=v}
 * pairs, or a JSON object from a file when values are not all strings), an optional diff
 * from a file, and the justification.
 */
final class RequestOptions {

	@Option(names = "--param", paramLabel = "<name>=<value>",
			description = "A parameter, its value a string (repeatable). For numbers, booleans or nested values "
					+ "use --parameters-file.")
	List<String> params = new ArrayList<>();

	@Option(names = "--parameters-file", paramLabel = "<file>", description = "The parameters as a JSON object.")
	Path parametersFile;

	@Option(names = "--diff-file", paramLabel = "<file>",
			description = "What will change, shown to the approvers and bound into the digest (UTF-8 text).")
	Path diffFile;

	@Option(names = "--justification", required = true, paramLabel = "<text>",
			description = "Why; the policy sets a minimum length.")
	String justification;

	/**
	 * The JSON body fields: parameters, diff (when given) and justification.
	 * @param parametersOptional leave the parameters out when none are given (a rollback
	 * then keeps the original's)
	 */
	Map<String, Object> body(boolean parametersOptional) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (!parametersOptional || this.parametersFile != null || !this.params.isEmpty()) {
			body.put("parameters", parameters());
		}
		if (this.diffFile != null) {
			body.put("diff", read(this.diffFile));
		}
		body.put("justification", this.justification);
		return body;
	}

	private Object parameters() {
		if (this.parametersFile != null && !this.params.isEmpty()) {
			throw new AdminFailure("give the parameters either as --param or in --parameters-file, not both");
		}
		if (this.parametersFile != null) {
			JsonNode json;
			try {
				json = ServerApi.JSON.readTree(read(this.parametersFile));
			}
			catch (JacksonException ex) {
				throw new AdminFailure(this.parametersFile + " is not JSON: " + ex.getOriginalMessage());
			}
			if (json == null || !json.isObject()) {
				throw new AdminFailure(this.parametersFile + " must hold one JSON object");
			}
			return json;
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String param : this.params) {
			int eq = param.indexOf('=');
			if (eq < 1) {
				throw new AdminFailure("--param takes <name>=<value>, not " + param);
			}
			if (parameters.put(param.substring(0, eq), param.substring(eq + 1)) != null) {
				throw new AdminFailure("--param " + param.substring(0, eq) + " is given twice");
			}
		}
		return parameters;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AdminFailure("cannot read " + file + ": " + ex.getMessage());
		}
	}

}
