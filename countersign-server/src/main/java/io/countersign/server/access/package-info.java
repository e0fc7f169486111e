/**
 * Who may call the service: API tokens (stored as SHA-256 hashes), the bootstrap token,
 * and the HTTP security that authenticates every request.
 */
package io.countersign.server.access;
