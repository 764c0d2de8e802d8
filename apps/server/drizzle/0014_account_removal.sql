-- A removed account is announced too, so every process forgets it from its session cache
-- (auth/session-cache.ts) and ends its streams: a genuine token of a deleted account opens nothing.
CREATE OR REPLACE FUNCTION "helpdesk_announce_account_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify(
		'helpdesk_accounts',
		json_build_object('userId', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text
	);
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "users_announce_account_removal" AFTER DELETE ON "users"
	FOR EACH ROW EXECUTE FUNCTION "helpdesk_announce_account_change"();
