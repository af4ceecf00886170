package dev.nodeless.event;

/** An event that changes nothing, and why. Never an exception: unknown or non-actionable input is normal. */
public record Ignored(String eventId, String kind, String reason) implements Classified {}
