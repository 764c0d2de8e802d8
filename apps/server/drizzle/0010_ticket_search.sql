CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "ticket_comments" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', body)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "ticket_comments_search_idx" ON "ticket_comments" USING gin ("search");--> statement-breakpoint
CREATE INDEX "tickets_text_trgm_idx" ON "tickets" USING gin (("title" || ' ' || "description") gin_trgm_ops);