-- Every read of a claimant's evidence images by anyone but the claimant: who (user or service
-- account, with roles and the OAuth client used), what (a listing, or one image), when, and why (the
-- purpose the caller gave, e.g. the case being reviewed). Append-only, enforced by the database.
CREATE TABLE evidence_access_log (
    id          BIGSERIAL   PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    actor_roles TEXT        NOT NULL,
    client_id   TEXT,
    action      TEXT        NOT NULL,
    request_id  UUID        NOT NULL,
    evidence_id UUID,
    purpose     TEXT
);
CREATE INDEX evidence_access_log_request ON evidence_access_log (request_id, id);

CREATE FUNCTION evidence_access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence_access_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER evidence_access_log_no_update BEFORE UPDATE OR DELETE ON evidence_access_log
    FOR EACH ROW EXECUTE FUNCTION evidence_access_log_is_append_only();
CREATE TRIGGER evidence_access_log_no_truncate BEFORE TRUNCATE ON evidence_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_access_log_is_append_only();
