package io.countersign.server.access.internal;

/** An action on a resource type, {@code <resource>:<action>}, as checked by endpoints. */
record Permission(String name, String description) {

}
