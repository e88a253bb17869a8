/**
 * Whose portal a page shows. A customer user sees its own company and nothing to choose; staff
 * who may read the portal (admin, sales) choose a customer, kept in the address (?customerId=),
 * to see exactly what that customer sees.
 */
import { Group, Paper, Text } from '@mantine/core';
import type { Customer } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useSession } from '../../ui/session';
import { CustomerSelect } from '../sales/customer-select';
import { customerQuery } from '../sales/sales-api';
import type { PortalScope } from './portal-api';

export interface PortalView {
  /** the signed-in user is a customer: the server scopes everything to its company */
  isCustomer: boolean;
  /** for staff: the customer looked at (undefined until chosen) */
  customerId: PortalScope;
  /** there is a portal to show: a customer user, or staff who chose a customer */
  ready: boolean;
}

export function usePortalView(): PortalView {
  const session = useSession();
  const search = useSearch({ strict: false }) as { customerId?: string };
  const isCustomer = session.user.roles.includes('customer');
  const customerId = isCustomer ? undefined : search.customerId;
  return { isCustomer, customerId, ready: isCustomer || !!customerId };
}

/** For staff: which customer's portal this is, and a way to look at another one. */
export function PortalScopeBar({ view }: { view: PortalView }) {
  const navigate = useNavigate();
  const chosen = useQuery({ ...customerQuery(view.customerId ?? ''), enabled: !!view.customerId });
  if (view.isCustomer) return null;
  return (
    <Paper withBorder radius="sm" p="sm" mb="md" bg="yellow.0" data-testid="portal-scope">
      <Group gap="md" align="flex-end" wrap="wrap">
        <div style={{ minWidth: 300 }}>
          <CustomerSelect
            key={chosen.data?.id ?? 'none'}
            value={(chosen.data as Customer | undefined) ?? null}
            onChange={(c) =>
              navigate({
                to: '.',
                search: (s: Record<string, unknown>) => ({ ...s, customerId: c.id, offset: undefined }),
              })
            }
          />
        </div>
        <Text fz="xs" c="dimmed" maw={420} pb={6}>
          You are looking at the portal as this customer sees it: their placed orders, their requests and the
          quotes sent to them, with no costs, margins or plan details.
        </Text>
      </Group>
    </Paper>
  );
}
