-- A rollout ships a training recipe or an app image: the recipe's columns are empty for an image. Each tenant's
-- step records the image its workload ran before (what a halted wave is rolled back to) and when it changed.
ALTER TABLE rollouts ADD COLUMN image VARCHAR(300);
ALTER TABLE rollouts ALTER COLUMN factors DROP NOT NULL;
ALTER TABLE rollouts ALTER COLUMN epochs DROP NOT NULL;
ALTER TABLE rollouts ALTER COLUMN learning_rate DROP NOT NULL;
ALTER TABLE rollouts ALTER COLUMN regularization DROP NOT NULL;
ALTER TABLE rollout_tenants ADD COLUMN previous_image VARCHAR(300);
ALTER TABLE rollout_tenants ADD COLUMN changed_at TIMESTAMP WITH TIME ZONE;
