package io.countersign.server.access;

/**
 * Who made a request: the API token it presented (by id, never the token itself) and that
 * token's name. Controllers receive it as {@code @AuthenticationPrincipal Caller caller}.
 */
public record Caller(String tokenId, String name) {
}
