/** The navbar: areas of the plant and the pages in them, each guarded by what it reads. */
import type { Subject } from '../session';

export interface NavEntry {
  label: string;
  to:
    | '/items'
    | '/engineering-changes'
    | '/work-centers'
    | '/jobs'
    | '/planning/board'
    | '/planning/scenarios'
    | '/planning/forecasts'
    | '/planning/shortages'
    | '/planning/exceptions'
    | '/planning/kpis'
    | '/terminal'
    | '/oee'
    | '/quality/non-conformances'
    | '/stock'
    | '/suppliers'
    | '/requisitions'
    | '/purchase-orders'
    | '/quotes'
    | '/projects'
    | '/sales-orders'
    | '/order-margins'
    | '/customers'
    | '/configure'
    | '/portal/orders'
    | '/portal/quotes'
    | '/portal/request'
    | '/admin/users'
    | '/admin/integrations';
  subject: Subject;
}

export interface NavArea {
  area: string;
  entries: NavEntry[];
}

export const navigation: NavArea[] = [
  {
    area: 'Engineering',
    entries: [
      { label: 'Items & BOMs', to: '/items', subject: 'Item' },
      { label: 'Engineering changes', to: '/engineering-changes', subject: 'EngineeringChange' },
    ],
  },
  {
    area: 'Planning',
    entries: [
      { label: 'Work centers', to: '/work-centers', subject: 'WorkCenter' },
      { label: 'Production jobs', to: '/jobs', subject: 'ProductionJob' },
      { label: 'Planning board', to: '/planning/board', subject: 'ProductionJob' },
      { label: 'What-if scenarios', to: '/planning/scenarios', subject: 'ProductionJob' },
      { label: 'Forecasts', to: '/planning/forecasts', subject: 'Requisition' },
      { label: 'Shortages', to: '/planning/shortages', subject: 'Requisition' },
      { label: 'MRP exceptions', to: '/planning/exceptions', subject: 'Requisition' },
      { label: 'KPIs', to: '/planning/kpis', subject: 'SalesOrder' },
    ],
  },
  {
    area: 'Shop floor',
    entries: [
      { label: 'Terminal', to: '/terminal', subject: 'ShopFloor' },
      { label: 'OEE', to: '/oee', subject: 'ShopFloor' },
    ],
  },
  {
    area: 'Quality',
    entries: [{ label: 'Non-conformances', to: '/quality/non-conformances', subject: 'Quality' }],
  },
  { area: 'Inventory', entries: [{ label: 'Stock', to: '/stock', subject: 'Stock' }] },
  {
    area: 'Purchasing',
    entries: [
      { label: 'Requisitions', to: '/requisitions', subject: 'Requisition' },
      { label: 'Purchase orders', to: '/purchase-orders', subject: 'Requisition' },
      { label: 'Suppliers', to: '/suppliers', subject: 'Supplier' },
    ],
  },
  {
    area: 'Sales',
    entries: [
      { label: 'Quotes', to: '/quotes', subject: 'Quote' },
      { label: 'Sales orders', to: '/sales-orders', subject: 'SalesOrder' },
      { label: 'ETO projects', to: '/projects', subject: 'Project' },
      { label: 'Margins', to: '/order-margins', subject: 'SalesOrder' },
      { label: 'Customers', to: '/customers', subject: 'Customer' },
      // configuring to quote or order: sales work (a customer configures in the portal)
      { label: 'Configure', to: '/configure', subject: 'Quote' },
    ],
  },
  {
    area: 'Admin',
    entries: [
      { label: 'Users', to: '/admin/users', subject: 'User' },
      { label: 'Integrations', to: '/admin/integrations', subject: 'Integration' },
    ],
  },
  // last: staff who may read the portal land on their own pages first; a customer lands here
  {
    area: 'Portal',
    entries: [
      { label: 'My orders', to: '/portal/orders', subject: 'Portal' },
      { label: 'My quotes', to: '/portal/quotes', subject: 'Portal' },
      { label: 'Ask for a quote', to: '/portal/request', subject: 'Portal' },
    ],
  },
];
