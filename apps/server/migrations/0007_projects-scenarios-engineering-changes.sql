CREATE TABLE "bom_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"draft_bom_id" uuid NOT NULL,
	"released_bom_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"positions" jsonb NOT NULL,
	"project_id" uuid,
	"note" text,
	"released_by_id" uuid,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bom_releases_positions_check" CHECK (jsonb_typeof("bom_releases"."positions") = 'array')
);
--> statement-breakpoint
CREATE TABLE "engineering_change_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "engineering_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"item_id" uuid NOT NULL,
	"project_id" uuid,
	"sales_order_line_id" uuid,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"base_bom_id" uuid,
	"proposed_bom_id" uuid NOT NULL,
	"proposed_routing_id" uuid,
	"line_changes" jsonb,
	"impact" jsonb,
	"analysed_at" timestamp with time zone,
	"cost_delta_amount" integer,
	"margin_percent" numeric,
	"price_delta_amount" integer,
	"currency" text,
	"requested_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "engineering_changes_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "machine_event_rejects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"payload" text NOT NULL,
	"error" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"base_fingerprint" text,
	"result" jsonb,
	"plan" jsonb,
	"error" text,
	"run_id" uuid,
	"compute_started_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_at" timestamp with time zone,
	"adopted_at" timestamp with time zone,
	"adopted_by" text,
	"discarded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eto_engineering_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"work_center_id" uuid NOT NULL,
	"planned_minutes" numeric NOT NULL,
	"predecessors" text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "eto_engineering_tasks_minutes_check" CHECK ("eto_engineering_tasks"."planned_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "eto_project_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"phase_id" uuid,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"due_date" date,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eto_project_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"percent" numeric NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"due_at" timestamp with time zone,
	"invoice_number" text,
	"invoiced_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "eto_project_payments_percent_check" CHECK ("eto_project_payments"."percent" > 0 and "eto_project_payments"."percent" <= 100)
);
--> statement-breakpoint
CREATE TABLE "eto_project_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid,
	"status" text DEFAULT 'not-started' NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "eto_project_phases_dates_check" CHECK (("eto_project_phases"."planned_end" is null or "eto_project_phases"."planned_start" is null or "eto_project_phases"."planned_end" >= "eto_project_phases"."planned_start") and ("eto_project_phases"."actual_end" is null or "eto_project_phases"."actual_start" is null or "eto_project_phases"."actual_end" >= "eto_project_phases"."actual_start"))
);
--> statement-breakpoint
CREATE TABLE "eto_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quote_line_id" uuid,
	"sales_order_line_id" uuid,
	"status" text DEFAULT 'quoting' NOT NULL,
	"owner_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"approval_days" integer DEFAULT 10 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "eto_projects_number_unique" UNIQUE("number"),
	CONSTRAINT "eto_projects_approval_days_check" CHECK ("eto_projects"."approval_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "production_jobs" ADD COLUMN "external_reference" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "placeholder" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_operations" ADD COLUMN "drawing_url" text;--> statement-breakpoint
ALTER TABLE "work_centers" ADD COLUMN "operations_per_machine" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "bom_releases" ADD CONSTRAINT "bom_releases_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_releases" ADD CONSTRAINT "bom_releases_draft_bom_id_boms_id_fk" FOREIGN KEY ("draft_bom_id") REFERENCES "public"."boms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_releases" ADD CONSTRAINT "bom_releases_released_bom_id_boms_id_fk" FOREIGN KEY ("released_bom_id") REFERENCES "public"."boms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_releases" ADD CONSTRAINT "bom_releases_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_releases" ADD CONSTRAINT "bom_releases_released_by_id_users_id_fk" FOREIGN KEY ("released_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_change_events" ADD CONSTRAINT "engineering_change_events_change_id_engineering_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."engineering_changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_change_events" ADD CONSTRAINT "engineering_change_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_sales_order_line_id_sales_order_lines_id_fk" FOREIGN KEY ("sales_order_line_id") REFERENCES "public"."sales_order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_base_bom_id_boms_id_fk" FOREIGN KEY ("base_bom_id") REFERENCES "public"."boms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_proposed_bom_id_boms_id_fk" FOREIGN KEY ("proposed_bom_id") REFERENCES "public"."boms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_proposed_routing_id_routings_id_fk" FOREIGN KEY ("proposed_routing_id") REFERENCES "public"."routings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engineering_changes" ADD CONSTRAINT "engineering_changes_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_engineering_tasks" ADD CONSTRAINT "eto_engineering_tasks_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_engineering_tasks" ADD CONSTRAINT "eto_engineering_tasks_work_center_id_work_centers_id_fk" FOREIGN KEY ("work_center_id") REFERENCES "public"."work_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_milestones" ADD CONSTRAINT "eto_project_milestones_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_milestones" ADD CONSTRAINT "eto_project_milestones_phase_id_eto_project_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."eto_project_phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_payments" ADD CONSTRAINT "eto_project_payments_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_payments" ADD CONSTRAINT "eto_project_payments_milestone_id_eto_project_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."eto_project_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_phases" ADD CONSTRAINT "eto_project_phases_project_id_eto_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eto_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_project_phases" ADD CONSTRAINT "eto_project_phases_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_projects" ADD CONSTRAINT "eto_projects_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_projects" ADD CONSTRAINT "eto_projects_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_projects" ADD CONSTRAINT "eto_projects_sales_order_line_id_sales_order_lines_id_fk" FOREIGN KEY ("sales_order_line_id") REFERENCES "public"."sales_order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eto_projects" ADD CONSTRAINT "eto_projects_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bom_releases_item_idx" ON "bom_releases" USING btree ("item_id","released_at");--> statement-breakpoint
CREATE INDEX "bom_releases_draft_idx" ON "bom_releases" USING btree ("draft_bom_id");--> statement-breakpoint
CREATE INDEX "engineering_change_events_change_idx" ON "engineering_change_events" USING btree ("change_id","at");--> statement-breakpoint
CREATE INDEX "engineering_changes_item_idx" ON "engineering_changes" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "engineering_changes_status_idx" ON "engineering_changes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "engineering_changes_project_idx" ON "engineering_changes" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "machine_event_rejects_received_idx" ON "machine_event_rejects" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "planning_scenarios_status_idx" ON "planning_scenarios" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "eto_engineering_tasks_number_unique" ON "eto_engineering_tasks" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "eto_project_milestones_project_idx" ON "eto_project_milestones" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "eto_project_payments_project_idx" ON "eto_project_payments" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "eto_project_payments_milestone_idx" ON "eto_project_payments" USING btree ("milestone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eto_project_phases_kind_unique" ON "eto_project_phases" USING btree ("project_id","kind");--> statement-breakpoint
CREATE INDEX "eto_projects_sales_order_line_idx" ON "eto_projects" USING btree ("sales_order_line_id");--> statement-breakpoint
CREATE INDEX "eto_projects_item_idx" ON "eto_projects" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "eto_projects_customer_idx" ON "eto_projects" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eto_projects_sales_order_line_unique" ON "eto_projects" USING btree ("sales_order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eto_projects_quote_line_unique" ON "eto_projects" USING btree ("quote_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eto_projects_open_item_unique" ON "eto_projects" USING btree ("item_id") WHERE "eto_projects"."status" in ('quoting', 'active');--> statement-breakpoint
ALTER TABLE "production_jobs" ADD CONSTRAINT "production_jobs_external_reference_unique" UNIQUE("external_reference");--> statement-breakpoint
ALTER TABLE "work_centers" ADD CONSTRAINT "work_centers_operations_per_machine_check" CHECK ("work_centers"."operations_per_machine" >= 1);