/** Suppliers (with supply terms per buy item) and customers (with contacts and delivery addresses). */
import { z } from 'zod';
import { listQuery, uuid } from './common';

export const contact = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().nullable().default(null),
  phone: z.string().trim().max(50).nullable().default(null),
  role: z.string().trim().max(100).nullable().default(null),
});

const address = z.object({
  street: z.string().trim().max(200).default(''),
  postalCode: z.string().trim().max(20).default(''),
  city: z.string().trim().max(100).default(''),
  country: z.string().length(2, 'ISO 3166 two-letter country code').toUpperCase(),
});

export const supplierInput = z.object({
  number: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  address: address.nullable().default(null),
  contacts: z.array(contact).default([]),
  currency: z.string().length(3).default('EUR'),
  paymentTerms: z.string().trim().max(100).default('30 days net'),
  defaultLeadTimeDays: z.number().min(0).max(730).default(14),
});
export const supplier = supplierInput.extend({
  id: uuid,
  onTimeRate: z.number().nullable().describe('share of receipts on time, measured from receipts (later)'),
  active: z.boolean(),
  version: z.number().int(),
});
export type Supplier = z.infer<typeof supplier>;
export const updateSupplierBody = supplierInput
  .omit({ number: true })
  .partial()
  .extend({ active: z.boolean().optional(), version: z.number().int().min(1).optional() });

export const priceBreak = z.object({
  fromQuantity: z.number().min(0),
  unitPrice: z.number().int().min(0).describe('minor units per unit of the item'),
});
export const supplyTermsInput = z.object({
  itemId: uuid,
  supplierId: uuid,
  supplierPartNumber: z.string().trim().max(100).nullable().default(null),
  leadTimeDays: z.number().min(0).max(730),
  minimumOrderQuantity: z.number().min(0).default(0),
  orderMultiple: z.number().min(0).default(0).describe('0 = any quantity'),
  priceBreaks: z.array(priceBreak).min(1, 'at least one price'),
  currency: z.string().length(3).default('EUR'),
  preferred: z.boolean().default(false),
});
export const supplyTerms = supplyTermsInput.extend({
  id: uuid,
  itemNumber: z.string(),
  supplierName: z.string(),
  version: z.number().int(),
});
export type SupplyTerms = z.infer<typeof supplyTerms>;
export const updateSupplyTermsBody = supplyTermsInput
  .omit({ itemId: true, supplierId: true })
  .partial()
  .extend({ version: z.number().int().min(1).optional() });

export const deliveryAddress = address.extend({
  label: z.string().trim().min(1).max(100),
  isDefault: z.boolean().default(false),
});
export const customerInput = z.object({
  number: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  vatId: z.string().trim().max(30).nullable().default(null),
  currency: z.string().length(3).default('EUR'),
  paymentTerms: z.string().trim().max(100).default('30 days net'),
  contacts: z.array(contact).default([]),
  deliveryAddresses: z.array(deliveryAddress).default([]),
});
export const customer = customerInput.extend({ id: uuid, active: z.boolean(), version: z.number().int() });
export type Customer = z.infer<typeof customer>;
export const updateCustomerBody = customerInput
  .omit({ number: true })
  .partial()
  .extend({ active: z.boolean().optional(), version: z.number().int().min(1).optional() });

export const partnerListQuery = listQuery;
