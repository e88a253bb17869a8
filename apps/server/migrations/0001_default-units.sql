-- Units every plant needs; plants add their own with POST /api/uoms.
INSERT INTO "uoms" ("code", "name", "dimension") VALUES
  ('pcs', 'piece', 'count'),
  ('set', 'set', 'count'),
  ('mm', 'millimetre', 'length'),
  ('m', 'metre', 'length'),
  ('g', 'gram', 'mass'),
  ('kg', 'kilogram', 'mass'),
  ('t', 'tonne', 'mass'),
  ('l', 'litre', 'volume'),
  ('m2', 'square metre', 'area'),
  ('min', 'minute', 'time'),
  ('h', 'hour', 'time');
--> statement-breakpoint
INSERT INTO "uom_conversions" ("from_uom", "to_uom", "factor") VALUES
  ('m', 'mm', 1000),
  ('kg', 'g', 1000),
  ('t', 'kg', 1000),
  ('h', 'min', 60);
