-- Onboardings as persisted workflows: one row per run, one per step, written before and after each step runs so a
-- restarted process resumes where the stopped one was. No foreign key to tenants: the tenant is the first step.
CREATE TABLE onboarding_runs (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(40)   NOT NULL,
    display_name   VARCHAR(200)  NOT NULL,
    tier           VARCHAR(20)   NOT NULL,
    contact        VARCHAR(200),
    data_location  VARCHAR(1000),
    state          VARCHAR(20)   NOT NULL,
    api_key_secret VARCHAR(200),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX onboarding_runs_tenant ON onboarding_runs (tenant_id);

CREATE TABLE onboarding_steps (
    run_id      VARCHAR(64)   NOT NULL REFERENCES onboarding_runs (id),
    step        VARCHAR(30)   NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    attempts    INT           NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE,
    finished_at TIMESTAMP WITH TIME ZONE,
    output      VARCHAR(65536),
    error       VARCHAR(65536),
    done        BIGINT        NOT NULL,
    total       BIGINT        NOT NULL,
    PRIMARY KEY (run_id, step)
);
