-- The process driving an onboarding holds it for a short lease it keeps renewing: another replica resumes the run
-- only once that lease ran out (its process died), never while it is being driven.
ALTER TABLE onboarding_runs ADD COLUMN owner VARCHAR(64);
ALTER TABLE onboarding_runs ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
