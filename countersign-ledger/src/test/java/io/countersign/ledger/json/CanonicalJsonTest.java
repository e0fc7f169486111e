package io.countersign.ledger.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CanonicalJsonTest {

	@Test
	void sortsMembersByUtf16CodeUnitsAsInRfc8785Section323() {
		String input = """
				{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",
				 "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",
				 "\\u00f6": "Latin Small Letter O With Diaeresis"}""";
		String canonical = canonical(Json.parse(input));
		assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
				+ "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
				+ "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
	}

	@Test
	void canonicalizesTheRfc8785Section322Example() {
		String input = """
				{
				  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
				  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
				  "literals": [null, true, false]
				}""";
		assertThat(canonical(Json.parse(input)))
			.isEqualTo("{\"literals\":[null,true,false]," + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
					+ "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	}

	// RFC 8785 Appendix B: IEEE 754 bit patterns and their ES6 serialization.
	@ParameterizedTest
	@CsvSource({ "0000000000000000, 0", "8000000000000000, 0", "0000000000000001, 5e-324", "8000000000000001, -5e-324",
			"7fefffffffffffff, 1.7976931348623157e+308", "ffefffffffffffff, -1.7976931348623157e+308",
			"4340000000000000, 9007199254740992", "c340000000000000, -9007199254740992",
			"4430000000000000, 295147905179352830000", "44b52d02c7e14af5, 9.999999999999997e+22",
			"44b52d02c7e14af6, 1e+23", "44b52d02c7e14af7, 1.0000000000000001e+23",
			"444b1ae4d6e2ef4e, 999999999999999700000", "444b1ae4d6e2ef4f, 999999999999999900000",
			"444b1ae4d6e2ef50, 1e+21", "3eb0c6f7a0b5ed8c, 9.999999999999997e-7", "3eb0c6f7a0b5ed8d, 0.000001",
			"41b3de4355555553, 333333333.3333332", "41b3de4355555554, 333333333.33333325",
			"41b3de4355555555, 333333333.3333333", "41b3de4355555556, 333333333.3333334",
			"41b3de4355555557, 333333333.33333343", "becbf647612f3696, -0.0000033333333333333333",
			"43143ff3c1cb0959, 1424953923781206.2" })
	void formatsNumbersAsEcmaScriptDoesPerRfc8785AppendixB(String bits, String expected) {
		double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
		assertThat(canonical(value)).isEqualTo(expected);
	}

	@Test
	void formatsTheRfcNumberExamples() {
		assertThat(canonical(List.of(1e30, 4.5, 0.002, 1e-7, -0.0, 333333333.3333333, 100.0, 0.1f)))
			.isEqualTo("[1e+30,4.5,0.002,1e-7,0,333333333.3333333,100,0.1]");
		assertThat(canonical(List.of(new BigDecimal("4.50"), new BigDecimal("1E30"), 42L, 7)))
			.isEqualTo("[4.5,1e+30,42,7]");
	}

	@Test
	void rejectsNanAndInfinity() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> CanonicalJson.canonicalize(Double.NaN));
		assertThatExceptionOfType(JsonException.class)
			.isThrownBy(() -> CanonicalJson.canonicalize(List.of(Double.POSITIVE_INFINITY)));
	}

	@Test
	void escapesOnlyQuotesBackslashesAndControlCharacters() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("s", "\u0001\b\t\n\f\r\u001f \"\\/\u007f\u00e9<>");
		assertThat(canonical(value)).isEqualTo("{\"s\":\"\\u0001\\b\\t\\n\\f\\r\\u001f \\\"\\\\/\u007f\u00e9<>\"}");
	}

	@Test
	void rejectsLoneSurrogatesAndNonJsonValues() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> CanonicalJson.canonicalize("\ud800"));
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> CanonicalJson.canonicalize(new Object()));
	}

	@Test
	void refusesIntegersThatADoubleCannotCarryExactly() {
		assertThat(canonical(List.of(9007199254740992L, -9007199254740992L)))
			.isEqualTo("[9007199254740992,-9007199254740992]");
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> CanonicalJson.canonicalize(9007199254740993L))
			.withMessageContaining("as a string");
		assertThatExceptionOfType(JsonException.class)
			.isThrownBy(() -> CanonicalJson.canonicalize(Map.of("id", BigInteger.TEN.pow(30))));
	}

	@Test
	void writesNullsInsideContainers() {
		assertThat(canonical(Arrays.asList(null, true))).isEqualTo("[null,true]");
	}

	private static String canonical(Object value) {
		return new String(CanonicalJson.canonicalize(value), StandardCharsets.UTF_8);
	}

}
