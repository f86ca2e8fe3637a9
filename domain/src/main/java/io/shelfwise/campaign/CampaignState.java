package io.shelfwise.campaign;

import java.util.Locale;

/** Where a campaign stands. */
public enum CampaignState {
    /** Defined, sent only when asked ({@code POST .../send}). */
    DRAFT,
    /** Will be sent at its {@code sendAt}. */
    SCHEDULED,
    /** A send is under way. */
    SENDING,
    /** Its one-off send went out (every recipient has a final status). */
    SENT,
    /** A triggered campaign that enrols shoppers as they enter. */
    ACTIVE,
    /** A triggered campaign that enrols nobody and sends nothing until resumed. */
    PAUSED,
    /** Stopped for good; nothing more is sent. */
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
