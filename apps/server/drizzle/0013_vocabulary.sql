CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_catalogue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"retired_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "categories_name_lower_idx" ON "categories" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "skill_catalogue_name_lower_idx" ON "skill_catalogue" USING btree (lower("name"));--> statement-breakpoint
-- A fresh installation starts with the built-in categories; an existing one also keeps those its tickets have.
INSERT INTO "categories" ("name", "position")
SELECT "name", "position" FROM (VALUES
  ('Account & Access', 1), ('Billing', 2), ('Network', 3), ('Hardware', 4), ('Software Bug', 5),
  ('Outage & Maintenance', 6), ('Security', 7), ('Feature Request', 8), ('Orders & Returns', 9),
  ('Sales', 10), ('Human Resources', 11), ('General Inquiry', 12)
) AS "built_in" ("name", "position")
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "categories" ("name", "position")
SELECT DISTINCT ON (lower(trim("category"))) trim("category"), 100
FROM "tickets" WHERE "category" IS NOT NULL AND trim("category") <> ''
ORDER BY lower(trim("category")), trim("category")
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The catalogue starts with the skills staff already carry, so routing keeps working as before.
INSERT INTO "skill_catalogue" ("name")
SELECT DISTINCT ON (lower("skill")) "skill"
FROM (SELECT trim(unnest("skills")) AS "skill" FROM "users") AS "carried"
WHERE "skill" <> ''
ORDER BY lower("skill"), "skill"
ON CONFLICT DO NOTHING;
