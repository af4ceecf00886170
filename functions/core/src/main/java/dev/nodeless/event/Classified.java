package dev.nodeless.event;

/** What a parser made of an event: a disruption to act on, or an explicit reason to ignore it. */
public sealed interface Classified permits Disruption, Ignored {
    String eventId();

    /** Short kind name used in logs, the ledger and audit records (e.g. {@code spot-interruption}). */
    String kind();
}
