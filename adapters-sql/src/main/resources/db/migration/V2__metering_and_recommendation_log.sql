-- The embedded (and PostgreSQL) recommendation log; on AWS it is the tenant's DynamoDB table.
CREATE TABLE recommendation_log (
    tenant_id         VARCHAR(40)   NOT NULL REFERENCES tenants (id),
    recommendation_id VARCHAR(64)   NOT NULL,
    surface           VARCHAR(40)   NOT NULL,
    user_id           VARCHAR(128),
    item_ids          VARCHAR(20000) NOT NULL,
    served_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, recommendation_id)
);

-- Active shoppers per period are counted from the events by occurrence time.
CREATE INDEX events_by_time ON events (tenant_id, occurred_at);
