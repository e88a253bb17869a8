CREATE TABLE "bom_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bom_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"child_item_id" uuid NOT NULL,
	"quantity_per" numeric NOT NULL,
	"uom" text NOT NULL,
	"scrap_factor" numeric DEFAULT '0' NOT NULL,
	"operation_number" text,
	"condition" text,
	"quantity_formula" text,
	CONSTRAINT "bom_lines_quantity_check" CHECK ("bom_lines"."quantity_per" > 0)
);
--> statement-breakpoint
CREATE TABLE "boms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"revision" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"strategy" text NOT NULL,
	"uom" text NOT NULL,
	"family" text,
	"standard_cost_amount" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"lead_time_days" numeric,
	"configurable" boolean DEFAULT false NOT NULL,
	"lot_sizing_rule" text DEFAULT 'lot-for-lot' NOT NULL,
	"lot_quantity" numeric,
	"safety_stock" numeric DEFAULT '0' NOT NULL,
	"reorder_point" numeric,
	"scrap_factor" numeric DEFAULT '0' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_number_unique" UNIQUE("number"),
	CONSTRAINT "items_standard_cost_check" CHECK ("items"."standard_cost_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "uom_conversions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_uom" text NOT NULL,
	"to_uom" text NOT NULL,
	"factor" numeric NOT NULL,
	"item_id" uuid,
	CONSTRAINT "uom_conversions_factor_check" CHECK ("uom_conversions"."factor" > 0)
);
--> statement-breakpoint
CREATE TABLE "uoms" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"dimension" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bom_lines" ADD CONSTRAINT "bom_lines_bom_id_boms_id_fk" FOREIGN KEY ("bom_id") REFERENCES "public"."boms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_lines" ADD CONSTRAINT "bom_lines_child_item_id_items_id_fk" FOREIGN KEY ("child_item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_lines" ADD CONSTRAINT "bom_lines_uom_uoms_code_fk" FOREIGN KEY ("uom") REFERENCES "public"."uoms"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boms" ADD CONSTRAINT "boms_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_uom_uoms_code_fk" FOREIGN KEY ("uom") REFERENCES "public"."uoms"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uom_conversions" ADD CONSTRAINT "uom_conversions_from_uom_uoms_code_fk" FOREIGN KEY ("from_uom") REFERENCES "public"."uoms"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uom_conversions" ADD CONSTRAINT "uom_conversions_to_uom_uoms_code_fk" FOREIGN KEY ("to_uom") REFERENCES "public"."uoms"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uom_conversions" ADD CONSTRAINT "uom_conversions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bom_lines_bom_idx" ON "bom_lines" USING btree ("bom_id");--> statement-breakpoint
CREATE INDEX "bom_lines_child_idx" ON "bom_lines" USING btree ("child_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bom_lines_position_unique" ON "bom_lines" USING btree ("bom_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "boms_item_revision_unique" ON "boms" USING btree ("item_id","revision");--> statement-breakpoint
CREATE INDEX "boms_status_idx" ON "boms" USING btree ("status","item_id");--> statement-breakpoint
CREATE INDEX "items_name_idx" ON "items" USING btree ("name");--> statement-breakpoint
CREATE INDEX "items_family_idx" ON "items" USING btree ("family");--> statement-breakpoint
CREATE UNIQUE INDEX "uom_conversions_pair_unique" ON "uom_conversions" USING btree ("from_uom","to_uom",coalesce("item_id", '00000000-0000-0000-0000-000000000000'));