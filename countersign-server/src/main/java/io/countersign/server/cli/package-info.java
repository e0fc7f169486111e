/**
 * The command line of the server jar ({@code verify}, {@code export},
 * {@code recover-admin}, and in {@code admin} the commands that call a running server's
 * API). Owns no state of its own: it works on a stopped server's database through the
 * audit, access and secrets modules' APIs, or on a running server over HTTP. Exposes only
 * the commands.
 */
package io.countersign.server.cli;
