/**
 * Pegging: down from an order (each line's whole supply tree: the job that delivers it, under
 * it the child jobs and purchases of its components, stock set aside), or up from a job,
 * purchase order or requisition to the customer order lines it serves, step by step. Late
 * supply is marked: it is there after it is needed.
 */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { Pegging, PeggingChain, PeggingNode, SupplyKind } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { formatDateTime, formatQuantity } from '../../../ui/format';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { usePlantTimeZone } from '../../../ui/plant-time-zone';
import { AnchorLink } from '../../../ui/router-links';
import { peggingQueryOptions } from './insight-api';

const kindLabels: Record<SupplyKind, string> = {
  stock: 'stock',
  job: 'job',
  'purchase-requisition': 'requisition',
  'purchase-order-line': 'PO line',
};
const kindColors: Record<SupplyKind, string> = {
  stock: 'green',
  job: 'indigo',
  'purchase-requisition': 'yellow',
  'purchase-order-line': 'steel',
};

export function PeggingPage() {
  const search = useSearch({ from: '/signed-in/planning/pegging' });
  const timeZone = usePlantTimeZone();
  const query = Object.fromEntries(Object.entries(search).filter(([, v]) => v)) as Record<string, string>;
  const asked = Object.keys(query).length === 1;
  const result = useQuery({ ...peggingQueryOptions(query), enabled: asked });
  if (!asked)
    return (
      <>
        <PageHeader title="Pegging" />
        <Text c="dimmed">Open the pegging of an order, job or purchase order from its page.</Text>
      </>
    );
  if (result.isPending) return <PageLoader />;
  if (result.error) return <ErrorNotice error={result.error} onRetry={() => result.refetch()} />;
  const data = result.data;
  return data.direction === 'down' ? (
    <DownView data={data} timeZone={timeZone} />
  ) : (
    <UpView data={data} timeZone={timeZone} />
  );
}

function DownView({ data, timeZone }: { data: Pegging; timeZone: string }) {
  const first = data.trees[0]?.line;
  return (
    <>
      <PageHeader
        eyebrow="Pegging down"
        title={first ? `Supply of ${first.orderNumber}` : 'Supply'}
        subtitle={
          first
            ? `${first.customerName}: every line's supply tree, from the delivering job down to the material`
            : ''
        }
        actions={
          first && (
            <AnchorLink to="/sales-orders/$orderId" params={{ orderId: first.orderId }} fz="sm">
              Back to the order
            </AnchorLink>
          )
        }
      />
      <Stack gap="md">
        {data.trees.map((tree) => (
          <Panel
            key={tree.line.lineId}
            testId="pegging-tree"
            title={`Line ${tree.line.lineNo} · ${formatQuantity(tree.line.quantity)} × ${tree.line.itemNumber} ${tree.line.itemName}${tree.line.promisedDate ? ` · promised ${tree.line.promisedDate}` : ''}`}
            padding={0}
          >
            {tree.nodes.length === 0 ? (
              <Text fz="sm" c="dimmed" p="sm">
                Nothing is pegged to this line: it is planned when the order is confirmed.
              </Text>
            ) : (
              <NodeTable nodes={tree.nodes} timeZone={timeZone} />
            )}
          </Panel>
        ))}
      </Stack>
    </>
  );
}

function NodeTable({ nodes, timeZone }: { nodes: PeggingNode[]; timeZone: string }) {
  return (
    <Table className="takt-table" style={{ whiteSpace: 'nowrap' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Item</Table.Th>
          <Table.Th w={110}>Supply</Table.Th>
          <Table.Th w={140}>Document</Table.Th>
          <Table.Th w={100}>Status</Table.Th>
          <Table.Th w={90} className="takt-num">
            Quantity
          </Table.Th>
          <Table.Th w={160}>Needed</Table.Th>
          <Table.Th w={190}>There</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {nodes.map((n) => (
          <Table.Tr
            key={n.id}
            data-testid="pegging-node"
            data-depth={n.depth}
            data-kind={n.supplyKind}
            data-number={n.supplyNumber ?? ''}
            data-late={n.late || undefined}
          >
            <Table.Td>
              <Group gap={6} wrap="nowrap" pl={n.depth * 22}>
                {n.depth > 0 && (
                  <Text span c="dimmed" fz="sm" aria-hidden>
                    └
                  </Text>
                )}
                <AnchorLink to="/items/$itemId" params={{ itemId: n.itemId }} className="takt-mono" fz="sm">
                  {n.itemNumber}
                </AnchorLink>
                <Text fz="sm" c="dimmed" truncate maw={240}>
                  {n.itemName}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <Badge size="sm" miw="max-content" color={kindColors[n.supplyKind]}>
                {kindLabels[n.supplyKind]}
              </Badge>
            </Table.Td>
            <Table.Td className="takt-mono">
              <DocumentLink kind={n.supplyKind} number={n.supplyNumber} documentId={n.documentId} />
            </Table.Td>
            <Table.Td>
              <Text fz="sm" c="dimmed">
                {n.status ?? ''}
              </Text>
            </Table.Td>
            <Table.Td className="takt-num">{formatQuantity(n.quantity)}</Table.Td>
            <Table.Td>{formatDateTime(n.neededAt, timeZone)}</Table.Td>
            <Table.Td>
              <Due late={n.late} at={n.supplyKind === 'stock' ? null : n.dueAt} timeZone={timeZone} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function UpView({ data, timeZone }: { data: Pegging; timeZone: string }) {
  const subject = data.subject;
  return (
    <>
      <PageHeader
        eyebrow="Pegging up"
        title={subject ? `What ${subject.number} serves` : 'What it serves'}
        subtitle={`${data.lines.length} customer order line${data.lines.length === 1 ? '' : 's'}; each way up goes from the supply through the jobs that consume it to the order line`}
      />
      <Stack gap="md">
        <Panel title="Customer order lines served" testId="pegging-lines" padding={0}>
          {data.lines.length === 0 ? (
            <Text fz="sm" c="dimmed" p="sm">
              No customer order line: it refills stock (safety stock or reorder point) or nothing is pegged to
              it.
            </Text>
          ) : (
            <Table className="takt-table">
              <Table.Tbody>
                {data.lines.map((l) => (
                  <Table.Tr key={l.lineId} data-testid="served-line" data-order={l.orderNumber}>
                    <Table.Td className="takt-mono">
                      <AnchorLink to="/sales-orders/$orderId" params={{ orderId: l.orderId }} fz="sm">
                        {l.orderNumber}/{l.lineNo}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{l.customerName}</Table.Td>
                    <Table.Td>{l.promisedDate ? `promised ${l.promisedDate}` : 'not promised'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
        <Panel title="Ways up" padding={0}>
          <Stack gap={0}>
            {data.chains.map((chain) => (
              <ChainRow
                key={`${chain.demandId}-${chain.steps.map((s) => `${s.supplyId}@${s.neededAt}`).join('>')}`}
                chain={chain}
                timeZone={timeZone}
              />
            ))}
          </Stack>
        </Panel>
      </Stack>
    </>
  );
}

function ChainRow({ chain, timeZone }: { chain: PeggingChain; timeZone: string }) {
  return (
    <Group
      gap={8}
      px="md"
      py={8}
      wrap="wrap"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="pegging-chain"
    >
      {chain.steps.map((s, x) => (
        <Group key={`${s.supplyKind}-${s.supplyId ?? s.itemId}-${s.neededAt}`} gap={6} wrap="nowrap">
          {x > 0 && <Text c="dimmed">→</Text>}
          <Badge size="sm" miw="max-content" color={kindColors[s.supplyKind]}>
            {kindLabels[s.supplyKind]}
          </Badge>
          <Text fz="sm" className="takt-mono">
            <DocumentLink kind={s.supplyKind} number={s.supplyNumber} documentId={s.documentId} />
          </Text>
          <Text fz="sm" c="dimmed">
            {formatQuantity(s.quantity)} {s.itemNumber}, needed {formatDateTime(s.neededAt, timeZone)}
          </Text>
          {s.late && (
            <Badge size="xs" color="red" variant="filled">
              late
            </Badge>
          )}
        </Group>
      ))}
      <Text c="dimmed">→</Text>
      {chain.line ? (
        <AnchorLink to="/sales-orders/$orderId" params={{ orderId: chain.line.orderId }} fz="sm" fw={600}>
          {chain.line.orderNumber}/{chain.line.lineNo} {chain.line.customerName}
        </AnchorLink>
      ) : (
        <Text fz="sm" c="dimmed">
          stock ({chain.demandId.split(':')[0]})
        </Text>
      )}
    </Group>
  );
}

function DocumentLink({
  kind,
  number,
  documentId,
}: {
  kind: SupplyKind;
  number: string | null;
  documentId: string | null;
}) {
  const text = number ?? (kind === 'stock' ? 'on hand' : '—');
  if (kind === 'job' && documentId)
    return (
      <AnchorLink to="/jobs/$jobId" params={{ jobId: documentId }} fz="sm">
        {text}
      </AnchorLink>
    );
  if (kind === 'purchase-order-line' && documentId)
    return (
      <AnchorLink to="/purchase-orders/$purchaseOrderId" params={{ purchaseOrderId: documentId }} fz="sm">
        {text}
      </AnchorLink>
    );
  if (kind === 'purchase-requisition')
    return (
      <AnchorLink to="/requisitions" fz="sm">
        {text}
      </AnchorLink>
    );
  return <>{text}</>;
}

function Due({ late, at, timeZone }: { late: boolean; at: string | null; timeZone: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="sm" c={late ? 'red.7' : undefined} fw={late ? 600 : undefined}>
        {at ? formatDateTime(at, timeZone) : 'now'}
      </Text>
      {late && (
        <Badge size="xs" color="red" variant="filled">
          late
        </Badge>
      )}
    </Group>
  );
}
