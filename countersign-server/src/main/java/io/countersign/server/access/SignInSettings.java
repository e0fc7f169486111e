package io.countersign.server.access;

import java.time.Duration;

/**
 * The sign-in and session settings as the running server applies them
 * ({@code countersign.access.*}), for features that report on them (compliance checks).
 *
 * @param lockoutMaxFailures failed sign-ins of one user name within {@code lockoutWindow}
 * before it is locked
 * @param lockoutWindow the window those failures are counted in
 * @param lockoutMaxWait the longest a lock lasts
 * @param sessionIdleTimeout a console session unused this long ends
 * @param sessionAbsoluteTimeout a console session ends this long after sign-in
 * @param passwordMinLength the shortest password accepted
 */
public record SignInSettings(int lockoutMaxFailures, Duration lockoutWindow, Duration lockoutMaxWait,
		Duration sessionIdleTimeout, Duration sessionAbsoluteTimeout, int passwordMinLength) {

}
