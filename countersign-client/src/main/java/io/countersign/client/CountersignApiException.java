package io.countersign.client;

/**
 * The server refused a call: an RFC 9457 problem with its stable code (the {@code ERR_…}
 * codes of docs/api.md), HTTP status and detail.
 */
public class CountersignApiException extends CountersignClientException {

	private final int status;

	private final String code;

	private final String detail;

	public CountersignApiException(int status, String code, String detail) {
		super(code + " (HTTP " + status + "): " + detail);
		this.status = status;
		this.code = code;
		this.detail = detail;
	}

	/** The HTTP status, e.g. 409. */
	public int status() {
		return this.status;
	}

	/** The server's stable code, e.g. {@code ERR_QUORUM_NOT_MET}. */
	public String code() {
		return this.code;
	}

	/** The server's explanation for people. */
	public String detail() {
		return this.detail;
	}

}
