import { Badge, Button, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Customer } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { AddressLines } from '../../ui/address-lines';
import { ContactsTable } from '../../ui/contacts-table';
import { Fact } from '../../ui/fact';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { CustomerEditForm } from './customer-edit-form';
import { customerQuery } from './sales-api';

export function CustomerPage() {
  const { customerId } = useParams({ from: '/signed-in/customers/$customerId' });
  const customer = useQuery(customerQuery(customerId));
  const canWrite = useCan('write', 'Customer');
  const [editing, setEditing] = useState(false);
  if (customer.isPending) return <PageLoader />;
  if (customer.isError) return <ErrorNotice error={customer.error} onRetry={() => customer.refetch()} />;
  const c = customer.data;
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/customers" fz="xs" c="dimmed">
            Customers
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono">{c.number}</span>{' '}
            <Text span inherit fw={400} data-testid="customer-name">
              {c.name}
            </Text>
          </>
        }
        badges={
          <Badge size="sm" color={c.active ? 'green' : 'gray'}>
            {c.active ? 'active' : 'inactive'}
          </Badge>
        }
        actions={
          canWrite &&
          !editing && (
            <Button size="sm" variant="default" onClick={() => setEditing(true)}>
              Edit customer
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Panel title={editing ? 'Edit customer' : 'Customer'}>
          {editing ? (
            <CustomerEditForm customer={c} onDone={() => setEditing(false)} />
          ) : (
            <CustomerFacts customer={c} />
          )}
        </Panel>
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
          <Panel title="Contacts" padding={0}>
            <ContactsTable contacts={c.contacts} />
          </Panel>
          <Panel title="Delivery addresses" padding={0}>
            {c.deliveryAddresses.length === 0 ? (
              <Text c="dimmed" fz="sm" p="md">
                No delivery addresses.
              </Text>
            ) : (
              <Table className="takt-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Label</Table.Th>
                    <Table.Th>Address</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.deliveryAddresses.map((a) => (
                    <Table.Tr key={a.label}>
                      <Table.Td fw={500}>
                        {a.label}
                        {a.isDefault && (
                          <Badge size="xs" color="steel" ml={6}>
                            default
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <AddressLines address={a} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Panel>
        </SimpleGrid>
      </Stack>
    </>
  );
}

function CustomerFacts({ customer: c }: { customer: Customer }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
      <Fact label="VAT id">{c.vatId ?? '—'}</Fact>
      <Fact label="Currency">{c.currency}</Fact>
      <Fact label="Payment terms">{c.paymentTerms}</Fact>
      <Fact label="Contacts">{c.contacts.length}</Fact>
      <Fact label="Version">{c.version}</Fact>
    </SimpleGrid>
  );
}
