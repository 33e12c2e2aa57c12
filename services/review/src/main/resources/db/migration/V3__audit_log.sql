-- Who read or decided what, when and why. Append-only: the database itself refuses to change or
-- remove a row, so not even a bug (or a compromised service account) can rewrite history.
CREATE TABLE audit_log (
    id          BIGSERIAL   PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    actor_roles TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    case_id     UUID,
    request_id  UUID,
    reason      TEXT
);
CREATE INDEX audit_log_case ON audit_log (case_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
