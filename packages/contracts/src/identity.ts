import { z } from 'zod';
import { uuid } from './common';

export const roles = [
  'admin',
  'sales',
  'engineer',
  'planner',
  'buyer',
  'supervisor',
  'operator',
  'customer',
] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

export const user = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  roles: z.array(role),
  customerId: uuid.nullable(),
  badgeCode: z.string().nullable().describe('signs the user in at a shop-floor terminal'),
  active: z.boolean(),
  version: z.number().int(),
});
export type User = z.infer<typeof user>;

export const createUserBody = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(200),
  roles: z.array(role).min(1, 'at least one role'),
  customerId: uuid.nullable().optional(),
  badgeCode: z.string().trim().min(3, 'at least 3 characters').max(64).optional(),
});

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(role).min(1).optional(),
  active: z.boolean().optional(),
  password: z.string().min(8).max(200).optional(),
  badgeCode: z.string().trim().min(3, 'at least 3 characters').max(64).nullable().optional(),
  version: z.number().int().min(1).optional(),
});

export const apiTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const apiToken = z.object({
  id: uuid,
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const createdApiToken = apiToken.extend({ token: z.string().describe('shown once; store it now') });

/** Resources guarded by roles (the server's policy table names these). */
export const subjects = [
  'Item',
  'Bom',
  'Routing',
  'WorkCenter',
  'Calendar',
  'Supplier',
  'Customer',
  'User',
  'AuditLog',
  'ApiToken',
  'SalesOrder',
  'ProductionJob',
  'Requisition',
  'Quote',
  'Portal',
  'Stock',
  'Configurator',
  'MachineData',
  'Integration',
  'ShopFloor',
  'Quality',
  'QualityDisposition',
  'EngineeringChange',
  'EngineeringChangeApproval',
  'Project',
] as const;
export type Subject = (typeof subjects)[number];

/** The signed-in user and what their roles allow (POST /api/auth/login, GET /api/auth/me). */
export const session = z.object({
  user: user.omit({ version: true, active: true, badgeCode: true }),
  permissions: z.record(z.string(), z.array(z.enum(['read', 'write']))),
});
export type Session = z.infer<typeof session>;
