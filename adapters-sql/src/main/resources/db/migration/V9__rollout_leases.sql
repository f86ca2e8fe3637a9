-- The process driving a rollout holds it for a short lease it keeps renewing: another replica resumes the rollout
-- only once that lease ran out (its process died), never while it is being driven.
ALTER TABLE rollouts ADD COLUMN owner VARCHAR(64);
ALTER TABLE rollouts ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
