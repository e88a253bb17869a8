CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"address" jsonb,
	"contacts" jsonb NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"payment_terms" text NOT NULL,
	"default_lead_time_days" numeric NOT NULL,
	"on_time_rate" numeric,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "suppliers_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "supply_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"supplier_part_number" text,
	"lead_time_days" numeric NOT NULL,
	"minimum_order_quantity" numeric DEFAULT '0' NOT NULL,
	"order_multiple" numeric DEFAULT '0' NOT NULL,
	"price_breaks" jsonb NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"preferred" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"vat_id" text,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"payment_terms" text NOT NULL,
	"contacts" jsonb NOT NULL,
	"delivery_addresses" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "customers_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "supply_terms" ADD CONSTRAINT "supply_terms_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_terms" ADD CONSTRAINT "supply_terms_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supply_terms_item_supplier_unique" ON "supply_terms" USING btree ("item_id","supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_terms_preferred_unique" ON "supply_terms" USING btree ("item_id") WHERE "supply_terms"."preferred";--> statement-breakpoint
CREATE INDEX "supply_terms_supplier_idx" ON "supply_terms" USING btree ("supplier_id");