-- Targets and timeline entries take their ids in blocks of 50 (Hibernate's pooled sequence optimizer),
-- so that the ten URLs of a submission go to PostgreSQL in one batch instead of one round trip each.
-- Rows inserted with the column default (nextval) still get unique ids: each call moves on by 50.
ALTER SEQUENCE request_target_id_seq INCREMENT BY 50;
ALTER SEQUENCE status_change_id_seq INCREMENT BY 50;
