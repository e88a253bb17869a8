/** The navbar: areas of the plant and the pages in them, each guarded by what it reads. */
import type { Subject } from '../session';

export interface NavEntry {
  label: string;
  to: '/items' | '/work-centers' | '/suppliers' | '/customers' | '/admin/users';
  subject: Subject;
}

export interface NavArea {
  area: string;
  entries: NavEntry[];
}

export const navigation: NavArea[] = [
  { area: 'Engineering', entries: [{ label: 'Items & BOMs', to: '/items', subject: 'Item' }] },
  { area: 'Planning', entries: [{ label: 'Work centers', to: '/work-centers', subject: 'WorkCenter' }] },
  { area: 'Purchasing', entries: [{ label: 'Suppliers', to: '/suppliers', subject: 'Supplier' }] },
  { area: 'Sales', entries: [{ label: 'Customers', to: '/customers', subject: 'Customer' }] },
  { area: 'Admin', entries: [{ label: 'Users', to: '/admin/users', subject: 'User' }] },
];
