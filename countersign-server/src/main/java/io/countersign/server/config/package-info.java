/**
 * Service-wide configuration bound from {@code countersign.*}.
 */
package io.countersign.server.config;
