/**
 * The database underneath every feature: what makes the embedded H2 database as durable
 * and as append-only as PostgreSQL (the trigger the H2 migrations name, commits that
 * reach the file). Exposes nothing a feature calls; the migrations themselves live in
 * {@code db/migration}.
 */
package io.countersign.server.storage;
