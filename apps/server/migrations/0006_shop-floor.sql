CREATE TABLE "integration_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sequence" bigserial NOT NULL,
	"type" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_events_sequence_unique" UNIQUE("sequence")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"event_types" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "machine_events" (
	"machine_code" text NOT NULL,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"state" text,
	"cycles" integer,
	"rejects" integer,
	"machine_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"job_operation_id" uuid,
	CONSTRAINT "machine_events_machine_code_event_id_pk" PRIMARY KEY("machine_code","event_id")
);
--> statement-breakpoint
CREATE TABLE "machine_states" (
	"machine_code" text PRIMARY KEY NOT NULL,
	"work_center_id" uuid NOT NULL,
	"machine_index" integer NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"since" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"total_cycles" bigint DEFAULT 0 NOT NULL,
	"total_rejects" bigint DEFAULT 0 NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "machine_stops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_code" text NOT NULL,
	"work_center_id" uuid NOT NULL,
	"machine_index" integer NOT NULL,
	"job_operation_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"reason_id" uuid,
	"micro" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"opened_by_event_id" text,
	"reason_set_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "machine_stops_interval_check" CHECK ("machine_stops"."ended_at" is null or "machine_stops"."ended_at" >= "machine_stops"."started_at")
);
--> statement-breakpoint
CREATE TABLE "operation_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_event_id" text NOT NULL,
	"job_operation_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"machine_index" integer,
	"good_quantity" numeric DEFAULT '0' NOT NULL,
	"scrap_quantity" numeric DEFAULT '0' NOT NULL,
	"scrap_reason_id" uuid,
	"note" text,
	CONSTRAINT "operation_bookings_client_event_id_unique" UNIQUE("client_event_id"),
	CONSTRAINT "operation_bookings_quantity_check" CHECK ("operation_bookings"."good_quantity" >= 0 and "operation_bookings"."scrap_quantity" >= 0 and ("operation_bookings"."scrap_quantity" = 0 or "operation_bookings"."scrap_reason_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_operation_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reason_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"planned" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_characteristics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"routing_operation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"nominal" numeric,
	"lower_limit" numeric,
	"upper_limit" numeric,
	"frequency" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_event_id" text NOT NULL,
	"job_operation_id" uuid NOT NULL,
	"characteristic_id" uuid NOT NULL,
	"value" numeric NOT NULL,
	"pass" boolean NOT NULL,
	"operator_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_results_client_event_id_unique" UNIQUE("client_event_id")
);
--> statement-breakpoint
CREATE TABLE "non_conformances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"job_operation_id" uuid NOT NULL,
	"quantity" numeric NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"disposition" text,
	"cost" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "non_conformances_number_unique" UNIQUE("number"),
	CONSTRAINT "non_conformances_quantity_check" CHECK ("non_conformances"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "instructions" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "drawing_url" text;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_setup_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_setup_minutes" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_run_minutes" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "actual_machine_index" integer;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "good_quantity" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "scrap_quantity" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "machine_cycles" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "rework" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_operations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "production_jobs" ADD COLUMN "scrap_quantity" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "production_jobs" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_jobs" ADD COLUMN "actual_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_jobs" ADD COLUMN "actual_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_integration_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."integration_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_states" ADD CONSTRAINT "machine_states_work_center_id_work_centers_id_fk" FOREIGN KEY ("work_center_id") REFERENCES "public"."work_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_stops" ADD CONSTRAINT "machine_stops_work_center_id_work_centers_id_fk" FOREIGN KEY ("work_center_id") REFERENCES "public"."work_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_stops" ADD CONSTRAINT "machine_stops_job_operation_id_job_operations_id_fk" FOREIGN KEY ("job_operation_id") REFERENCES "public"."job_operations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_stops" ADD CONSTRAINT "machine_stops_reason_id_reason_codes_id_fk" FOREIGN KEY ("reason_id") REFERENCES "public"."reason_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_bookings" ADD CONSTRAINT "operation_bookings_job_operation_id_job_operations_id_fk" FOREIGN KEY ("job_operation_id") REFERENCES "public"."job_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_bookings" ADD CONSTRAINT "operation_bookings_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_bookings" ADD CONSTRAINT "operation_bookings_scrap_reason_id_reason_codes_id_fk" FOREIGN KEY ("scrap_reason_id") REFERENCES "public"."reason_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_job_operation_id_job_operations_id_fk" FOREIGN KEY ("job_operation_id") REFERENCES "public"."job_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_characteristics" ADD CONSTRAINT "inspection_characteristics_routing_operation_id_routing_operations_id_fk" FOREIGN KEY ("routing_operation_id") REFERENCES "public"."routing_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_job_operation_id_job_operations_id_fk" FOREIGN KEY ("job_operation_id") REFERENCES "public"."job_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_characteristic_id_inspection_characteristics_id_fk" FOREIGN KEY ("characteristic_id") REFERENCES "public"."inspection_characteristics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "non_conformances" ADD CONSTRAINT "non_conformances_job_operation_id_job_operations_id_fk" FOREIGN KEY ("job_operation_id") REFERENCES "public"."job_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "non_conformances" ADD CONSTRAINT "non_conformances_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integration_events_type_idx" ON "integration_events" USING btree ("type","sequence");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries" USING btree ("subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "machine_events_machine_at_idx" ON "machine_events" USING btree ("machine_code","machine_at");--> statement-breakpoint
CREATE INDEX "machine_events_operation_idx" ON "machine_events" USING btree ("job_operation_id");--> statement-breakpoint
CREATE INDEX "machine_stops_machine_idx" ON "machine_stops" USING btree ("machine_code","started_at");--> statement-breakpoint
CREATE INDEX "machine_stops_wc_idx" ON "machine_stops" USING btree ("work_center_id","started_at");--> statement-breakpoint
CREATE INDEX "machine_stops_open_idx" ON "machine_stops" USING btree ("machine_code") WHERE "machine_stops"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "operation_bookings_operation_idx" ON "operation_bookings" USING btree ("job_operation_id","at");--> statement-breakpoint
CREATE INDEX "operation_bookings_operator_idx" ON "operation_bookings" USING btree ("operator_id","at");--> statement-breakpoint
CREATE INDEX "operator_sessions_operation_idx" ON "operator_sessions" USING btree ("job_operation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "operator_sessions_open_unique" ON "operator_sessions" USING btree ("job_operation_id","operator_id") WHERE "operator_sessions"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reason_codes_kind_code_unique" ON "reason_codes" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "inspection_characteristics_operation_idx" ON "inspection_characteristics" USING btree ("routing_operation_id");--> statement-breakpoint
CREATE INDEX "inspection_results_operation_idx" ON "inspection_results" USING btree ("job_operation_id");--> statement-breakpoint
CREATE INDEX "non_conformances_operation_idx" ON "non_conformances" USING btree ("job_operation_id");