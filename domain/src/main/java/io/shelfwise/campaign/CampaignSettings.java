package io.shelfwise.campaign;

import io.shelfwise.common.Checks;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A tenant's messaging rules, applied to every campaign: its time zone and quiet hours (no message goes out between
 * {@code quietStart} and {@code quietEnd}, local time; equal times mean none), a frequency cap per shopper (at most
 * {@code capMessages} messages in {@code capDays} days, all campaigns together), the default holdout share, and how
 * long after a message a click or purchase counts for the campaign.
 */
public record CampaignSettings(ZoneId timeZone, LocalTime quietStart, LocalTime quietEnd, int capMessages,
                               int capDays, int holdoutPercent, int attributionDays) {
    public static final CampaignSettings DEFAULTS = new CampaignSettings(ZoneId.of("UTC"), LocalTime.of(21, 0),
            LocalTime.of(8, 0), 2, 7, 10, 7);

    public static CampaignSettings of(String timeZone, String quietStart, String quietEnd, Integer capMessages,
                                      Integer capDays, Integer holdoutPercent, Integer attributionDays) {
        Checks checks = Checks.start();
        ZoneId zone = DEFAULTS.timeZone;
        if (timeZone != null) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                checks.add("timeZone", "unknown time zone '" + timeZone + "'; use an IANA name such as Asia/Seoul");
            }
        }
        LocalTime start = time(checks, "quietHours.start", quietStart, DEFAULTS.quietStart);
        LocalTime end = time(checks, "quietHours.end", quietEnd, DEFAULTS.quietEnd);
        int cap = range(checks, "frequencyCap.messages", capMessages, DEFAULTS.capMessages, 0, 100);
        int days = range(checks, "frequencyCap.days", capDays, DEFAULTS.capDays, 1, 90);
        int holdout = range(checks, "holdoutPercent", holdoutPercent, DEFAULTS.holdoutPercent, 0, 50);
        int attribution = range(checks, "attributionDays", attributionDays, DEFAULTS.attributionDays, 1, 60);
        checks.orThrow();
        return new CampaignSettings(zone, start, end, cap, days, holdout, attribution);
    }

    private static LocalTime time(Checks checks, String field, String value, LocalTime fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeException e) {
            checks.add(field, "must be a local time such as 21:00");
            return fallback;
        }
    }

    static int range(Checks checks, String field, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            checks.add(field, "must be between " + min + " and " + max);
            return fallback;
        }
        return value;
    }

    /** Whether {@code at} falls in quiet hours; if so, when they end. */
    public java.util.Optional<java.time.Instant> quietUntil(java.time.Instant at) {
        if (quietStart.equals(quietEnd)) {
            return java.util.Optional.empty();
        }
        ZonedDateTime local = at.atZone(timeZone);
        LocalTime t = local.toLocalTime();
        boolean wraps = quietStart.isAfter(quietEnd);
        boolean quiet = wraps ? !t.isBefore(quietStart) || t.isBefore(quietEnd)
                : !t.isBefore(quietStart) && t.isBefore(quietEnd);
        if (!quiet) {
            return java.util.Optional.empty();
        }
        ZonedDateTime end = local.with(quietEnd);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return java.util.Optional.of(end.toInstant());
    }
}
