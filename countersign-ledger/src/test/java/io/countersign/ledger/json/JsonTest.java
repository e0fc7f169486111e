package io.countersign.ledger.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonTest {

	@Test
	void parsesObjectsArraysAndScalarsIntoPlainJavaValues() {
		Object value = Json
			.parse(" {\"b\": [1, -2.5, 1e3, 12345678901234567890, true, null, \"\\u00e9\\n\"], \"a\": {}} ");
		assertThat(value).isInstanceOf(Map.class);
		Map<?, ?> object = (Map<?, ?>) value;
		assertThat(List.copyOf(object.keySet())).isEqualTo(List.of("b", "a"));
		List<?> array = (List<?>) object.get("b");
		assertThat(array.get(0)).isEqualTo(1L);
		assertThat(array.get(1)).isEqualTo(new BigDecimal("-2.5"));
		assertThat(array.get(2)).isEqualTo(new BigDecimal("1e3"));
		assertThat(array.get(3)).isEqualTo(new BigDecimal("12345678901234567890"));
		assertThat(array.get(4)).isEqualTo(true);
		assertThat(array.get(5)).isNull();
		assertThat(array.get(6)).isEqualTo("\u00e9\n");
	}

	@Test
	void indentedTextIsTwoSpacesALevelAndParsesBackToTheSameValue() {
		Map<String, Object> value = new java.util.LinkedHashMap<>();
		value.put("name", "a \"quoted\" line\n");
		value.put("list", List.of(1L, Map.of("x", true), List.of()));
		value.put("empty", Map.of());
		value.put("none", null);
		String text = Json.writeIndented(value);
		assertThat(text).isEqualTo("""
				{
				  "name": "a \\"quoted\\" line\\n",
				  "list": [
				    1,
				    {
				      "x": true
				    },
				    []
				  ],
				  "empty": {},
				  "none": null
				}
				""");
		assertThat(Json.parse(text)).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{} x", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00x\"", "\"\\x\"", "[1,]", "01", "1.",
			"-", "\"abc", "[\"\t\"]", "{\"a\" 1}", "nul", "", "+1", "[1 2]" })
	void rejectsTextThatIsNotStrictJson(String text) {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse(text))
			.withMessageContaining("offset");
	}

	@Test
	void rejectsNestingDeeperThan64() {
		assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("[".repeat(65) + "]".repeat(65)))
			.withMessageContaining("nesting");
	}

	@Test
	void refusesANumberLiteralLongerThan1000CharactersBeforeConvertingIt() {
		String longest = "1." + "0".repeat(998);
		assertThat(Json.parse(longest)).isEqualTo(new java.math.BigDecimal(longest));
		assertThatExceptionOfType(JsonException.class)
			.isThrownBy(() -> Json.parse("{\"n\":" + "9".repeat(1_000_000) + "}"))
			.withMessageContaining("number literal longer than 1000 characters")
			.withMessageContaining("at offset 5");
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("-0." + "1".repeat(998)));
	}

	@Test
	void writeKeepsMapOrderAndRoundTrips() {
		String text = "{\"z\":1,\"a\":[\"x\",null,false],\"m\":{\"k\":\"\\\"\"}}";
		assertThat(Json.write(Json.parse(text))).isEqualTo(text);
	}

}
