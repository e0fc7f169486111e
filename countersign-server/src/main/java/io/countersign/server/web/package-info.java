/**
 * The HTTP edge shared by all features: owns the rendering of every error as an RFC 9457
 * problem (including validation failures of request bodies), the limits on JSON read, the
 * request timer and the OpenAPI description. Exposes nothing a feature calls: features
 * throw {@code CountersignException} and this module answers.
 */
package io.countersign.server.web;
