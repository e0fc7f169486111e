package io.countersign.server.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an RFC 3339 date-time with {@code Z} or an offset, as the ledger writes them. */
final class Rfc3339 implements ITypeConverter<Instant> {

	@Override
	public Instant convert(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + value + "' is not an RFC 3339 time such as 2026-11-01T00:00:00Z");
		}
	}

}
