-- Fleet rollouts of a training recipe: the rollout, and which tenant got what in which wave, written before and
-- after each tenant's step so a restarted process resumes it. An erased tenant's steps go with it.
CREATE TABLE rollouts (
    id                 VARCHAR(64)      NOT NULL PRIMARY KEY,
    state              VARCHAR(20)      NOT NULL,
    factors            INT              NOT NULL,
    epochs             INT              NOT NULL,
    learning_rate      DOUBLE PRECISION NOT NULL,
    regularization     DOUBLE PRECISION NOT NULL,
    max_rejected_share DOUBLE PRECISION NOT NULL,
    message            VARCHAR(2000),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE rollout_tenants (
    rollout_id       VARCHAR(64)   NOT NULL REFERENCES rollouts (id),
    position         INT           NOT NULL,
    tenant_id        VARCHAR(40)   NOT NULL,
    wave             VARCHAR(20)   NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    previous_version INT,
    new_version      INT,
    run_id           VARCHAR(64),
    message          VARCHAR(2000),
    PRIMARY KEY (rollout_id, position)
);
CREATE INDEX rollout_tenants_tenant ON rollout_tenants (tenant_id);
