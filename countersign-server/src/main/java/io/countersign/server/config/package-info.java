/**
 * Service-wide configuration bound from {@code countersign.*}: owns and exposes
 * {@link io.countersign.server.config.CountersignProperties}. Settings that belong to one
 * feature live in that feature.
 */
package io.countersign.server.config;
