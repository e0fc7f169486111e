/**
 * The HTTP edge shared by all features: problem details for every error and the OpenAPI
 * description.
 */
package io.countersign.server.web;
