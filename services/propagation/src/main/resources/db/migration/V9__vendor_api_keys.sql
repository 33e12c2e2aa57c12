-- API keys a vendor's tools send as "Authorization: API <key>" (the Spawning-compatible check, and the check, feed
-- and exports as an alternative to OAuth). Only the SHA-256 of a key is kept: a key is 256 random bits, so a fast
-- hash is enough, and nobody (an administrator, a database dump) can read a key back.
CREATE TABLE vendor_api_key (
    id           UUID        PRIMARY KEY,
    vendor_id    TEXT        NOT NULL REFERENCES vendor (id),
    -- SHA-256 of the whole key (prefix included), lower-case hex.
    key_hash     TEXT        NOT NULL UNIQUE,
    -- The first characters of the key ("tdk_" and 8 more), so people can tell their keys apart.
    key_prefix   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    -- Written at most once a minute per key (takedown.propagation.api-keys.last-used-precision), not per call.
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX vendor_api_key_vendor ON vendor_api_key (vendor_id);
