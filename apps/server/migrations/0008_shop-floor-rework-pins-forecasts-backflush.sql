CREATE TABLE "demand_forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"quantity" numeric NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "demand_forecasts_period_check" CHECK ("demand_forecasts"."period_end" >= "demand_forecasts"."period_start"),
	CONSTRAINT "demand_forecasts_quantity_check" CHECK ("demand_forecasts"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "quantity" numeric;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "pinned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "pinned_by" uuid;--> statement-breakpoint
ALTER TABLE "eto_engineering_tasks" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "late_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "issue_method" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD CONSTRAINT "demand_forecasts_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demand_forecasts_item_idx" ON "demand_forecasts" USING btree ("item_id","period_start");--> statement-breakpoint
ALTER TABLE "job_operations" ADD CONSTRAINT "job_operations_pinned_by_users_id_fk" FOREIGN KEY ("pinned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_engineering_tasks" ADD CONSTRAINT "eto_engineering_tasks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purchase_receipts_line_idx" ON "purchase_receipts" USING btree ("purchase_order_line_id");--> statement-breakpoint
ALTER TABLE "job_operations" ADD CONSTRAINT "job_operations_quantity_check" CHECK ("job_operations"."quantity" is null or "job_operations"."quantity" > 0);