-- The plan revision: one number that changes with every committed write to a table planning reads
-- (planning/plan-revision.ts). Planning keeps what it read of the plant in memory under it and
-- reads again only when it changed. A value comes from a sequence, so it is never given twice,
-- not even by a transaction that rolled back.
CREATE SEQUENCE "plan_revision_seq";--> statement-breakpoint
CREATE TABLE "plan_revision" (
	"id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
	"value" bigint NOT NULL
);--> statement-breakpoint
INSERT INTO "plan_revision" ("id", "value") VALUES (1, nextval('plan_revision_seq'));--> statement-breakpoint
CREATE FUNCTION "bump_plan_revision"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	UPDATE plan_revision SET value = nextval('plan_revision_seq') WHERE id = 1;
	RETURN NULL;
END
$$;--> statement-breakpoint
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY[
		'items', 'supply_terms', 'boms', 'bom_lines', 'routings', 'routing_operations',
		'work_centers', 'calendars', 'setup_matrices',
		'production_jobs', 'job_operations',
		'purchase_requisitions', 'purchase_orders', 'purchase_order_lines', 'purchase_receipts',
		'stock_moves', 'stock_reservations', 'supply_pegs'
	] LOOP
		EXECUTE format(
			'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_revision()',
			t || '_bumps_plan_revision', t);
	END LOOP;
END
$$;
