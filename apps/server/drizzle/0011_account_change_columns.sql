-- Every process caches the accounts its requests are authenticated as (auth/session-cache.ts):
-- the account trigger now also announces a changed email or disabled state (enabling an account
-- must reach every cache too), beside role and token version. Replaces the trigger of 0007.
CREATE OR REPLACE TRIGGER "users_announce_account_change" AFTER UPDATE OF "role", "token_version", "email", "disabled_at" ON "users"
	FOR EACH ROW WHEN (
		OLD.role IS DISTINCT FROM NEW.role
		OR OLD.token_version IS DISTINCT FROM NEW.token_version
		OR OLD.email IS DISTINCT FROM NEW.email
		OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at
	)
	EXECUTE FUNCTION "helpdesk_announce_account_change"();
