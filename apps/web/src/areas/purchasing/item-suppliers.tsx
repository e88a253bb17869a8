/** The suppliers of a buy item with their terms: lead time, order quantities and price breaks. */
import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatQuantity } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { MeasuredLeadTime, OnTimeRate } from './measured-supply';
import { PriceBreaks } from './price-breaks';
import { itemSupplyTermsQuery, supplyPerformanceQuery } from './purchasing-api';

export function ItemSuppliers({ itemId, uom }: { itemId: string; uom: string }) {
  const terms = useQuery(itemSupplyTermsQuery(itemId));
  const performance = useQuery(supplyPerformanceQuery({ itemId }));
  const measuredOf = (supplierId: string) => performance.data?.find((p) => p.supplierId === supplierId);
  if (terms.isPending) return <PageLoader />;
  if (terms.isError) return <ErrorNotice error={terms.error} onRetry={() => terms.refetch()} />;
  if (terms.data.length === 0)
    return (
      <Text c="dimmed" fz="sm" p="md">
        No supplier has terms for this item yet.
      </Text>
    );
  return (
    <Table className="takt-table" data-testid="item-suppliers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Supplier</Table.Th>
          <Table.Th w={160}>Their part no.</Table.Th>
          <Table.Th w={100} className="takt-num">
            Lead time
          </Table.Th>
          <Table.Th w={110} className="takt-num">
            Measured
          </Table.Th>
          <Table.Th w={150}>On time</Table.Th>
          <Table.Th w={110} className="takt-num">
            MOQ
          </Table.Th>
          <Table.Th w={110} className="takt-num">
            Multiple
          </Table.Th>
          <Table.Th>Price breaks</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {terms.data.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td>
              <AnchorLink to="/suppliers/$supplierId" params={{ supplierId: t.supplierId }} fz="sm">
                {t.supplierName}
              </AnchorLink>
              {t.preferred && (
                <Badge size="xs" color="steel" ml={6}>
                  preferred
                </Badge>
              )}
            </Table.Td>
            <Table.Td className="takt-mono">{t.supplierPartNumber ?? '—'}</Table.Td>
            <Table.Td className="takt-num">{formatQuantity(t.leadTimeDays)} d</Table.Td>
            <Table.Td className="takt-num">
              <MeasuredLeadTime performance={measuredOf(t.supplierId)} />
            </Table.Td>
            <Table.Td>
              <OnTimeRate performance={measuredOf(t.supplierId)} />
            </Table.Td>
            <Table.Td className="takt-num">{formatQuantity(t.minimumOrderQuantity, uom)}</Table.Td>
            <Table.Td className="takt-num">
              {t.orderMultiple ? formatQuantity(t.orderMultiple, uom) : 'any'}
            </Table.Td>
            <Table.Td>
              <PriceBreaks terms={t} uom={uom} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
