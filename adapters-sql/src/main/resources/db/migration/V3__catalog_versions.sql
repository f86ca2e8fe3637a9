-- A counter per tenant that every catalog change raises in its own transaction, so that each replica holding a
-- tenant's catalog in memory for serving can tell, with one key lookup, whether another replica changed it.
CREATE TABLE catalog_versions (
    tenant_id VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES tenants (id),
    version   BIGINT      NOT NULL
);
