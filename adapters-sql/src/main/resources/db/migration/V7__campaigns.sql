-- Campaigns: a purchase may cite the coupon it redeems; channels (with the tenant's own credentials), messaging
-- settings, shopper profiles, campaigns, the per-recipient delivery log (its unique key makes sends idempotent and
-- resumable) and coupons (redeemed at most once).
ALTER TABLE events ADD COLUMN coupon_code VARCHAR(64);

CREATE TABLE campaign_channels (
    tenant_id VARCHAR(40)   NOT NULL,
    kind      VARCHAR(20)   NOT NULL,
    settings  VARCHAR(8000) NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE campaign_settings (
    tenant_id VARCHAR(40)   NOT NULL PRIMARY KEY,
    settings  VARCHAR(2000) NOT NULL
);

CREATE TABLE shopper_profiles (
    tenant_id  VARCHAR(40)  NOT NULL,
    user_id    VARCHAR(128) NOT NULL,
    first_name VARCHAR(100),
    email      VARCHAR(320),
    phone      VARCHAR(20),
    opted_out  BOOLEAN      NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE campaigns (
    tenant_id  VARCHAR(40)    NOT NULL,
    id         VARCHAR(64)    NOT NULL,
    state      VARCHAR(20)    NOT NULL,
    version    INT            NOT NULL,
    definition VARCHAR(40000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX campaigns_by_state ON campaigns (state);

CREATE TABLE campaign_deliveries (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(40)  NOT NULL,
    campaign_id       VARCHAR(64)  NOT NULL,
    entry_key         VARCHAR(64)  NOT NULL,
    user_id           VARCHAR(128) NOT NULL,
    step              INT          NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    attempts          INT          NOT NULL,
    due_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    reference_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at        TIMESTAMP WITH TIME ZONE,
    recommendation_id VARCHAR(64),
    coupon_code       VARCHAR(64),
    sent_at           TIMESTAMP WITH TIME ZONE,
    provider_id       VARCHAR(200),
    error             VARCHAR(500),
    CONSTRAINT campaign_deliveries_once UNIQUE (tenant_id, campaign_id, user_id, entry_key, step)
);
CREATE INDEX campaign_deliveries_due ON campaign_deliveries (status, due_at);
CREATE INDEX campaign_deliveries_by_user ON campaign_deliveries (tenant_id, user_id, sent_at);

CREATE TABLE coupons (
    tenant_id         VARCHAR(40)    NOT NULL,
    code              VARCHAR(64)    NOT NULL,
    campaign_id       VARCHAR(64)    NOT NULL,
    user_id           VARCHAR(128)   NOT NULL,
    kind              VARCHAR(10)    NOT NULL,
    amount            DECIMAL(19, 4) NOT NULL,
    currency          VARCHAR(3),
    issued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_at       TIMESTAMP WITH TIME ZONE,
    redeemed_event_id VARCHAR(64),
    revenue           DECIMAL(19, 4),
    PRIMARY KEY (tenant_id, code)
);
CREATE INDEX coupons_by_campaign ON coupons (tenant_id, campaign_id);
