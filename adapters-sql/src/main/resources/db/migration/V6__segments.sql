-- Segments: definitions as the tenant wrote them (JSON), current members with score and reason (so a restarted
-- process tells true entries from members it knew), size history, and each tenant's churn model with its metrics.
CREATE TABLE segments (
    tenant_id   VARCHAR(40)    NOT NULL,
    id          VARCHAR(64)    NOT NULL,
    name        VARCHAR(200)   NOT NULL,
    description VARCHAR(2000),
    definition  VARCHAR(20000) NOT NULL,
    version     INT            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE segment_members (
    tenant_id  VARCHAR(40)   NOT NULL,
    segment_id VARCHAR(64)   NOT NULL,
    user_id    VARCHAR(128)  NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    reason     VARCHAR(2000) NOT NULL,
    since      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, segment_id, user_id)
);

CREATE TABLE segment_sizes (
    tenant_id  VARCHAR(40) NOT NULL,
    segment_id VARCHAR(64) NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    members    BIGINT      NOT NULL
);
CREATE INDEX segment_sizes_by_segment ON segment_sizes (tenant_id, segment_id, at);

CREATE TABLE churn_models (
    tenant_id  VARCHAR(40)    NOT NULL PRIMARY KEY,
    report     VARCHAR(20000) NOT NULL,
    trained_at TIMESTAMP WITH TIME ZONE NOT NULL
);
