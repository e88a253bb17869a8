ALTER TABLE "quotes" ADD COLUMN "requested_via_portal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- quotes asked for in the portal before this column: every revision of a quote whose first revision was logged as a portal request, and any quote still requested
UPDATE "quotes" SET "requested_via_portal" = true WHERE "number" IN (SELECT q."number" FROM "quotes" q JOIN "audit_log" a ON a."entity" = 'quote' AND a."entity_id" = q."id"::text AND a."action" = 'request') OR "status" = 'requested';
