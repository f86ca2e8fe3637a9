-- Portable SQL: the same migration runs on H2 (embedded mode) and PostgreSQL (production).
-- Every table that holds tenant data carries tenant_id as the first key column.

CREATE TABLE tenants (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    display_name VARCHAR(200) NOT NULL,
    tier         VARCHAR(20)  NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_keys (
    id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(40)  NOT NULL REFERENCES tenants (id),
    label       VARCHAR(100) NOT NULL,
    secret_hash CHAR(64)     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

CREATE TABLE catalog_items (
    tenant_id     VARCHAR(40)   NOT NULL REFERENCES tenants (id),
    item_id       VARCHAR(128)  NOT NULL,
    title         VARCHAR(500)  NOT NULL,
    brand         VARCHAR(200),
    category_path VARCHAR(4000) NOT NULL,
    price         NUMERIC(19, 4),
    currency      CHAR(3),
    in_stock      BOOLEAN       NOT NULL,
    attributes    VARCHAR(60000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, item_id)
);
CREATE INDEX catalog_items_in_stock ON catalog_items (tenant_id, in_stock, item_id);

CREATE TABLE events (
    tenant_id         VARCHAR(40)  NOT NULL REFERENCES tenants (id),
    event_id          VARCHAR(64)  NOT NULL,
    event_type        VARCHAR(20)  NOT NULL,
    shopper_key       VARCHAR(128) NOT NULL,
    user_id           VARCHAR(128),
    anonymous_id      VARCHAR(128),
    quantity          INTEGER,
    price             NUMERIC(19, 4),
    currency          CHAR(3),
    search_query      VARCHAR(500),
    recommendation_id VARCHAR(64),
    occurred_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX events_by_shopper ON events (tenant_id, shopper_key, occurred_at);

-- One row per item an event touched, with the UTC epoch day, so popularity aggregates without a join.
CREATE TABLE event_items (
    tenant_id    VARCHAR(40)  NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    item_position INTEGER      NOT NULL,
    item_id      VARCHAR(128) NOT NULL,
    event_type   VARCHAR(20)  NOT NULL,
    occurred_day INTEGER      NOT NULL,
    PRIMARY KEY (tenant_id, event_id, item_position),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, event_id)
);
CREATE INDEX event_items_by_day ON event_items (tenant_id, occurred_day);

-- Usage per tenant, billing period (yyyy-mm) and metric, updated in the same transaction as the data.
CREATE TABLE usage_counters (
    tenant_id VARCHAR(40) NOT NULL REFERENCES tenants (id),
    billing_period CHAR(7)     NOT NULL,
    metric    VARCHAR(40) NOT NULL,
    amount    BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, billing_period, metric)
);
