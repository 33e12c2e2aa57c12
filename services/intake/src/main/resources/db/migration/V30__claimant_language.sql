-- The language the claimant filed in (ADR 023): pages choose theirs per visit, but mails are written later, by
-- consumers and the mail sender, and go out in this one. A BCP 47 tag; requests from before were all in English.
ALTER TABLE takedown_request
    ADD COLUMN language VARCHAR(35) NOT NULL DEFAULT 'en';
