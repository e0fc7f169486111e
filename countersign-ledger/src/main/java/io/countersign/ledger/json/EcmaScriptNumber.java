package io.countersign.ledger.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as ECMAScript's Number.prototype.toString does (ECMA-262
 * Number::toString), which RFC 8785 §3.2.2.3 requires.
 */
final class EcmaScriptNumber {

	private EcmaScriptNumber() {
	}

	static String format(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new JsonException("RFC 8785 §3.2.2.3: NaN and Infinity are not JSON numbers");
		}
		if (value == 0) {
			return "0";
		}
		BigDecimal shortest = shortest(Math.abs(value)).stripTrailingZeros();
		String digits = shortest.unscaledValue().toString();
		int k = digits.length();
		int n = k - shortest.scale();
		String magnitude = layout(digits, k, n);
		return (value < 0) ? "-" + magnitude : magnitude;
	}

	// ECMA-262 Number::toString step 5: the fewest digits k that round-trip, closest to
	// the value.
	private static BigDecimal shortest(double value) {
		BigDecimal exact = new BigDecimal(value);
		for (int precision = 1; precision < 17; precision++) {
			BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
			BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
			boolean downWorks = down.doubleValue() == value;
			boolean upWorks = up.doubleValue() == value;
			if (downWorks && upWorks) {
				int closer = exact.subtract(down).compareTo(up.subtract(exact));
				if (closer != 0) {
					return (closer < 0) ? down : up;
				}
				return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
			}
			if (downWorks) {
				return down;
			}
			if (upWorks) {
				return up;
			}
		}
		return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
	}

	// ECMA-262 Number::toString steps 6-10: plain, fraction or exponent form.
	private static String layout(String digits, int k, int n) {
		if (k <= n && n <= 21) {
			return digits + "0".repeat(n - k);
		}
		if (0 < n && n <= 21) {
			return digits.substring(0, n) + "." + digits.substring(n);
		}
		if (-6 < n && n <= 0) {
			return "0." + "0".repeat(-n) + digits;
		}
		int exponent = n - 1;
		String sign = (exponent < 0) ? "-" : "+";
		String mantissa = (k == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
		return mantissa + "e" + sign + Math.abs(exponent);
	}

}
