package io.countersign.server.compliance;

/**
 * Where a control stands. A control whose automated check cannot see the fact it needs is
 * never implemented on the check's word: it stands as its attestation says, or not
 * started.
 */
public enum ControlState {

	IMPLEMENTED, IN_PROGRESS, NOT_STARTED

}
