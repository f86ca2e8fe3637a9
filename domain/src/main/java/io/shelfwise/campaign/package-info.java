/**
 * Campaigns context: one message template sent to a segment through a tenant's channel, each recipient's copy
 * carrying that shopper's own top products and a recommendation id; one-off, scheduled and triggered sends,
 * coupons, frequency caps, quiet hours, opt-outs, a random holdout, a per-recipient delivery log that makes a send
 * resumable, and attribution of clicks and purchases against the holdout.
 */
package io.shelfwise.campaign;
