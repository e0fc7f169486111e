-- A report job runs on the server that accepted it (docs/decisions/029). Each unfinished
-- job names that server's instance and carries its heartbeat; a job whose heartbeat is
-- older than the lease (countersign.compliance.reports.lease) was left behind by a server
-- that stopped, and another server marks it failed instead of it staying running forever.
ALTER TABLE compliance_report ADD COLUMN instance VARCHAR(200);
ALTER TABLE compliance_report ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
