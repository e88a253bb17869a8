/** Suppliers (with supply terms per buy item) and customers (with contacts and delivery addresses). */
import { z } from 'zod';
import { listQuery, patchOf, uuid } from './common';

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 three-letter currency code, e.g. EUR');
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'ISO 3166 two-letter country code, e.g. DE');
const days = z.number().finite().min(0).max(730);
const nonNegative = z.number().finite().min(0);

export const contact = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().nullable().default(null),
  phone: z.string().trim().max(50).nullable().default(null),
  role: z.string().trim().max(100).nullable().default(null).describe('e.g. sales, accounting, quality'),
});
export type Contact = z.infer<typeof contact>;

const address = z.object({
  street: z.string().trim().max(200).default(''),
  postalCode: z.string().trim().max(20).default(''),
  city: z.string().trim().max(100).default(''),
  country,
});

export const supplierInput = z.object({
  number: z.string().trim().min(1).max(20).describe('for people, e.g. S-0001'),
  name: z.string().trim().min(1).max(200),
  address: address.nullable().default(null),
  contacts: z.array(contact).default([]),
  currency: currency.default('EUR'),
  paymentTerms: z.string().trim().max(100).default('30 days net'),
  defaultLeadTimeDays: days.default(14).describe('used for buy items without supply terms'),
});
export type SupplierInput = z.infer<typeof supplierInput>;
export const supplier = supplierInput.extend({
  id: uuid,
  onTimeRate: z
    .number()
    .nullable()
    .describe('share of receipts on time (0..1), measured from receipts; null until measured'),
  active: z.boolean(),
  version: z.number().int(),
});
export type Supplier = z.infer<typeof supplier>;
export const updateSupplierBody = patchOf(
  supplierInput.omit({ number: true }).extend({ active: z.boolean() }),
);
export type UpdateSupplier = Omit<z.infer<typeof updateSupplierBody>, 'version'>;

export const priceBreak = z.object({
  fromQuantity: nonNegative.describe('the break applies to orders of at least this quantity'),
  unitPrice: z.number().int().min(0).describe('minor units per unit of the item'),
});
export const supplyTermsInput = z.object({
  itemId: uuid.describe('a buy item'),
  supplierId: uuid,
  supplierPartNumber: z.string().trim().max(100).nullable().default(null),
  leadTimeDays: days,
  minimumOrderQuantity: nonNegative.default(0),
  orderMultiple: nonNegative.default(0).describe('0 = any quantity'),
  priceBreaks: z
    .array(priceBreak)
    .min(1, 'at least one price')
    .max(50)
    .describe('ascending fromQuantity; the first at or below the minimum order quantity'),
  currency: currency.optional().describe("the supplier's currency when left out"),
  preferred: z.boolean().default(false).describe('at most one preferred supplier per item'),
});
export type SupplyTermsInput = z.infer<typeof supplyTermsInput>;
export const supplyTerms = supplyTermsInput.extend({
  id: uuid,
  currency: z.string(),
  itemNumber: z.string(),
  supplierNumber: z.string(),
  supplierName: z.string(),
  version: z.number().int(),
});
export type SupplyTerms = z.infer<typeof supplyTerms>;
export const updateSupplyTermsBody = patchOf(supplyTermsInput.omit({ itemId: true, supplierId: true }));
export type UpdateSupplyTerms = Omit<z.infer<typeof updateSupplyTermsBody>, 'version'>;
export const deleteSupplyTermsQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe('checked when given (or If-Match)'),
});

export const deliveryAddress = address.extend({
  label: z.string().trim().min(1).max(100),
  isDefault: z.boolean().default(false),
});
export type DeliveryAddress = z.infer<typeof deliveryAddress>;
export const customerInput = z.object({
  number: z.string().trim().min(1).max(20).describe('for people, e.g. C-0001'),
  name: z.string().trim().min(1).max(200),
  vatId: z.string().trim().max(30).nullable().default(null),
  currency: currency.default('EUR'),
  paymentTerms: z.string().trim().max(100).default('30 days net'),
  contacts: z.array(contact).default([]),
  deliveryAddresses: z
    .array(deliveryAddress)
    .max(100)
    .default([])
    .describe('exactly one is the default when any exist (the first unless one is marked)'),
});
export type CustomerInput = z.infer<typeof customerInput>;
export const customer = customerInput.extend({ id: uuid, active: z.boolean(), version: z.number().int() });
export type Customer = z.infer<typeof customer>;
export const updateCustomerBody = patchOf(
  customerInput.omit({ number: true }).extend({ active: z.boolean() }),
);
export type UpdateCustomer = Omit<z.infer<typeof updateCustomerBody>, 'version'>;

export const partnerListQuery = listQuery;
