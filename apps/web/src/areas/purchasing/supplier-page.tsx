import { Badge, Button, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Supplier } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { AddressLines } from '../../ui/address-lines';
import { ContactsTable } from '../../ui/contacts-table';
import { Fact } from '../../ui/fact';
import { formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { MeasuredLeadTime, OnTimeRate } from './measured-supply';
import { PriceBreaks } from './price-breaks';
import { supplierQuery, supplierTermsQuery, supplyPerformanceQuery } from './purchasing-api';
import { SupplierEditForm } from './supplier-edit-form';

export function SupplierPage() {
  const { supplierId } = useParams({ from: '/signed-in/suppliers/$supplierId' });
  const supplier = useQuery(supplierQuery(supplierId));
  const canWrite = useCan('write', 'Supplier');
  const [editing, setEditing] = useState(false);
  if (supplier.isPending) return <PageLoader />;
  if (supplier.isError) return <ErrorNotice error={supplier.error} onRetry={() => supplier.refetch()} />;
  const s = supplier.data;
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/suppliers" fz="xs" c="dimmed">
            Suppliers
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono">{s.number}</span>{' '}
            <Text span inherit fw={400} data-testid="supplier-name">
              {s.name}
            </Text>
          </>
        }
        badges={
          <Badge size="sm" color={s.active ? 'green' : 'gray'}>
            {s.active ? 'active' : 'inactive'}
          </Badge>
        }
        actions={
          canWrite &&
          !editing && (
            <Button size="sm" variant="default" onClick={() => setEditing(true)}>
              Edit supplier
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Panel title={editing ? 'Edit supplier' : 'Supplier'}>
          {editing ? (
            <SupplierEditForm supplier={s} onDone={() => setEditing(false)} />
          ) : (
            <SupplierFacts supplier={s} />
          )}
        </Panel>
        <SupplyTerms supplierId={s.id} />
        <Panel title="Contacts" padding={0}>
          <ContactsTable contacts={s.contacts} />
        </Panel>
      </Stack>
    </>
  );
}

function SupplierFacts({ supplier: s }: { supplier: Supplier }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="md">
      <Fact label="Address">
        <AddressLines address={s.address} />
      </Fact>
      <Fact label="Currency">{s.currency}</Fact>
      <Fact label="Payment terms">{s.paymentTerms}</Fact>
      <Fact label="Default lead time">{formatQuantity(s.defaultLeadTimeDays)} days</Fact>
      <Fact label="On-time delivery">
        {s.onTimeRate == null ? 'not measured yet' : `${Math.round(s.onTimeRate * 100)} %`}
      </Fact>
      <Fact label="Version">{s.version}</Fact>
    </SimpleGrid>
  );
}

function SupplyTerms({ supplierId }: { supplierId: string }) {
  const terms = useQuery(supplierTermsQuery(supplierId));
  const performance = useQuery(supplyPerformanceQuery({ supplierId }));
  const measuredOf = (itemId: string) => performance.data?.find((p) => p.itemId === itemId);
  return (
    <Panel title="Supplied items" padding={0}>
      {terms.isPending ? (
        <PageLoader />
      ) : terms.isError ? (
        <ErrorNotice error={terms.error} onRetry={() => terms.refetch()} />
      ) : terms.data.length === 0 ? (
        <Text c="dimmed" fz="sm" p="md">
          No supply terms yet.
        </Text>
      ) : (
        <Table className="takt-table" data-testid="supply-terms">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th>Their part no.</Table.Th>
              <Table.Th className="takt-num">Lead time</Table.Th>
              <Table.Th className="takt-num">Measured</Table.Th>
              <Table.Th>On time</Table.Th>
              <Table.Th className="takt-num">MOQ</Table.Th>
              <Table.Th className="takt-num">Multiple</Table.Th>
              <Table.Th>Price breaks</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {terms.data.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <AnchorLink to="/items/$itemId" params={{ itemId: t.itemId }} className="takt-mono" fz="sm">
                    {t.itemNumber}
                  </AnchorLink>
                  {t.preferred && (
                    <Badge size="xs" color="steel" ml={6}>
                      preferred
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t.supplierPartNumber ?? '—'}</Table.Td>
                <Table.Td className="takt-num">{formatQuantity(t.leadTimeDays)} d</Table.Td>
                <Table.Td className="takt-num">
                  <MeasuredLeadTime performance={measuredOf(t.itemId)} />
                </Table.Td>
                <Table.Td>
                  <OnTimeRate performance={measuredOf(t.itemId)} />
                </Table.Td>
                <Table.Td className="takt-num">{formatQuantity(t.minimumOrderQuantity)}</Table.Td>
                <Table.Td className="takt-num">
                  {t.orderMultiple ? formatQuantity(t.orderMultiple) : 'any'}
                </Table.Td>
                <Table.Td>
                  <PriceBreaks terms={t} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}
