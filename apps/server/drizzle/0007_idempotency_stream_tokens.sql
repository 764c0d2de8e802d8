CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"status" integer,
	"reply" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "stream_token_uses" (
	"token_id" uuid PRIMARY KEY NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "stream_token_uses_expires_idx" ON "stream_token_uses" USING btree ("expires_at");--> statement-breakpoint
-- A change of an account's role or token version (a demotion, a logout, ended sessions, a disable)
-- is announced on helpdesk_accounts, whatever code made it, so open live streams end at once
-- (realtime/hub.ts, realtime/routes.ts). Delivered on commit, like every NOTIFY.
CREATE FUNCTION "helpdesk_announce_account_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('helpdesk_accounts', json_build_object('userId', NEW.id)::text);
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "users_announce_account_change" AFTER UPDATE OF "role", "token_version" ON "users"
	FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.token_version IS DISTINCT FROM NEW.token_version)
	EXECUTE FUNCTION "helpdesk_announce_account_change"();
