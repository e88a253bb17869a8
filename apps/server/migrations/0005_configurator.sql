CREATE TABLE "configurator_model_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"model" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "configurator_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"model" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "configurator_models_item_id_unique" UNIQUE("item_id")
);
--> statement-breakpoint
ALTER TABLE "configurator_model_revisions" ADD CONSTRAINT "configurator_model_revisions_model_id_configurator_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."configurator_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configurator_models" ADD CONSTRAINT "configurator_models_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "configurator_model_revisions_unique" ON "configurator_model_revisions" USING btree ("model_id","version");