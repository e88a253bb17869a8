CREATE TABLE "routing_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"routing_id" uuid NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"work_center_id" uuid NOT NULL,
	"alternatives" jsonb NOT NULL,
	"setup_minutes" numeric NOT NULL,
	"run_minutes_per_unit" numeric NOT NULL,
	"queue_minutes" numeric DEFAULT '0' NOT NULL,
	"move_minutes" numeric DEFAULT '0' NOT NULL,
	"predecessors" text[] NOT NULL,
	"shift_rule" text DEFAULT 'span' NOT NULL,
	"instructions" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"revision" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"shifts" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"exceptions" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "calendars_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "setup_matrices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"default_changeover" numeric NOT NULL,
	"same_family" numeric DEFAULT '0' NOT NULL,
	"initial" numeric DEFAULT '0' NOT NULL,
	"entries" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "setup_matrices_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "work_centers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"machines" integer NOT NULL,
	"calendar_id" uuid NOT NULL,
	"efficiency" numeric DEFAULT '1' NOT NULL,
	"machine_rate" integer DEFAULT 0 NOT NULL,
	"labour_rate" integer DEFAULT 0 NOT NULL,
	"setup_rate" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"setup_matrix_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "work_centers_code_unique" UNIQUE("code"),
	CONSTRAINT "work_centers_machines_check" CHECK ("work_centers"."machines" >= 1)
);
--> statement-breakpoint
ALTER TABLE "routing_operations" ADD CONSTRAINT "routing_operations_routing_id_routings_id_fk" FOREIGN KEY ("routing_id") REFERENCES "public"."routings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_operations" ADD CONSTRAINT "routing_operations_work_center_id_work_centers_id_fk" FOREIGN KEY ("work_center_id") REFERENCES "public"."work_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routings" ADD CONSTRAINT "routings_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_centers" ADD CONSTRAINT "work_centers_calendar_id_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_centers" ADD CONSTRAINT "work_centers_setup_matrix_id_setup_matrices_id_fk" FOREIGN KEY ("setup_matrix_id") REFERENCES "public"."setup_matrices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "routing_operations_number_unique" ON "routing_operations" USING btree ("routing_id","number");--> statement-breakpoint
CREATE INDEX "routing_operations_wc_idx" ON "routing_operations" USING btree ("work_center_id");--> statement-breakpoint
CREATE UNIQUE INDEX "routings_item_revision_unique" ON "routings" USING btree ("item_id","revision");