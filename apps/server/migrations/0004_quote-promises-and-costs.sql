ALTER TABLE "quote_lines" ADD COLUMN "promised_date" date;--> statement-breakpoint
ALTER TABLE "quote_lines" ADD COLUMN "cost_estimate" jsonb;--> statement-breakpoint
ALTER TABLE "sales_order_lines" ADD COLUMN "cost_estimate" jsonb;