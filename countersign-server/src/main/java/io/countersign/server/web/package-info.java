/**
 * The HTTP edge shared by all features: owns the rendering of every error as an RFC 9457
 * problem (including validation failures of request bodies), the limits on JSON read, the
 * request timer and the OpenAPI description. Features throw {@code CountersignException}
 * and this module answers; the one thing they call is {@code ProblemResponses.status}, so
 * that a console page refuses with the status the API would.
 */
package io.countersign.server.web;
