/**
 * A real OpenID provider for tests of single sign-on: Spring Authorization Server started
 * in-process on a random loopback port. Kept outside {@code io.countersign.server} so the
 * service's component scan and its module structure never see it.
 */
package io.countersign.testidp;
