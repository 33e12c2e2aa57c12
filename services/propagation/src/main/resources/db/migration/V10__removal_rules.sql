-- Rules: a whole host (DOMAIN, subdomains included) or URL prefix (PREFIX) removed by a decision, kept as entries of
-- the registry and feed beside the items (same cursor, same reversal rows). For a rule, url holds what vendors see
-- (the host, or the prefix URL ending in '/'), item_id is null, and rule_key the tagged key the check looks up
-- ('DOMAIN:example.org', 'PREFIX:example.org/photos'). Items keep both columns null.
ALTER TABLE removal ADD COLUMN rule TEXT CHECK (rule IN ('DOMAIN', 'PREFIX'));
ALTER TABLE removal ADD COLUMN rule_key TEXT;
ALTER TABLE removal ADD CONSTRAINT removal_rule_has_key CHECK ((rule IS NULL) = (rule_key IS NULL));
CREATE INDEX removal_rule_key ON removal (rule_key) WHERE rule_key IS NOT NULL;
