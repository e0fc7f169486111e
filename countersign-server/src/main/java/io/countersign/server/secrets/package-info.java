/**
 * The master key and the sealing of stored secrets under it (AES-256-GCM).
 */
package io.countersign.server.secrets;
