package io.shelfwise.app;

import io.shelfwise.campaign.CampaignService;

/**
 * The thread that works the campaign delivery log: it first marks what a stopped process left with a channel as
 * unconfirmed (after the lease), then claims due deliveries in batches, sleeping briefly when none are due.
 */
final class CampaignDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CampaignDispatcher.class.getName());
    private static final long IDLE_MS = 250;
    private static final long RECOVER_EVERY_MS = 30_000;

    private final CampaignService campaigns;
    private final Settings.Crm crm;
    private final Thread thread;
    private volatile boolean running = true;

    CampaignDispatcher(CampaignService campaigns, Settings.Crm crm) {
        this.campaigns = campaigns;
        this.crm = crm;
        this.thread = Thread.ofPlatform().daemon().name("shelfwise-dispatcher").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long recovered = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                if (now - recovered >= RECOVER_EVERY_MS) {
                    campaigns.recoverInFlight(crm.deliveryLease());
                    recovered = now;
                }
                if (campaigns.dispatchOnce(crm.dispatchBatch()) == 0) {
                    Thread.sleep(IDLE_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event=dispatch_failed error=" + e.getClass().getName(), e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
