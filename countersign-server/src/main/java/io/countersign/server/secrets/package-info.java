/**
 * The master key and the sealing of stored secrets under it (AES-256-GCM). Owns the
 * master key; exposes {@link io.countersign.server.secrets.SecretSealer} to seal and
 * unseal a secret bound to its context, and
 * {@link io.countersign.server.secrets.MasterKey} for the offline tools.
 */
package io.countersign.server.secrets;
