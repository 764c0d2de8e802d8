ALTER TABLE "triage_examples" ALTER COLUMN "skills" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "triage_examples" ALTER COLUMN "skills" DROP NOT NULL;