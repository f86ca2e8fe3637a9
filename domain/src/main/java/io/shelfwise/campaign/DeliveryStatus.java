package io.shelfwise.campaign;

import java.util.Locale;

/** Where one recipient's message stands in the delivery log. */
public enum DeliveryStatus {
    /** Waiting until its due time (a journey's delay, quiet hours, a retry's backoff). */
    PENDING,
    /** Taken by a running sender, not yet handed to the channel: put back if that sender stops. */
    CLAIMED,
    /** Handed to the channel by a running sender; final once it answers. */
    SENDING,
    /** The channel accepted it. */
    SENT,
    /** The channel refused it for good (a bad address, bad settings). */
    FAILED,
    /** Every retry failed: a dead letter. */
    DEAD,
    /** A process stopped while the channel had it: it may or may not have gone out, and is never sent again. */
    UNCONFIRMED,
    /** Kept back on purpose, to measure what the campaign earned. */
    HOLDOUT,
    /** Not sent: the shopper opted out. */
    SKIPPED_OPT_OUT,
    /** Not sent: the shopper reached the frequency cap. */
    SKIPPED_CAP,
    /** Not sent: the channel needs an e-mail or phone number the shopper has not given. */
    SKIPPED_NO_ADDRESS,
    /** Not sent: the shopper met the journey's exit condition first. */
    EXITED,
    /** Not sent: the campaign was cancelled or paused first. */
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != PENDING && this != CLAIMED && this != SENDING;
    }
}
