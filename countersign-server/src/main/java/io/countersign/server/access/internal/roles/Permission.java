package io.countersign.server.access.internal.roles;

/** An action on a resource type, {@code <resource>:<action>}, as checked by endpoints. */
public record Permission(String name, String description) {

}
