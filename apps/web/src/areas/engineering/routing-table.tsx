/**
 * The routing of an item: its operations, where they run (and where else they may), how long
 * they take, and what must finish first. Shows the released revision, else the newest draft.
 */
import { Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { Routing } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { workCenterLookupQuery } from '../../areas/planning/resources-api';
import { formatDate, formatMinutes } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { routingsQuery } from './catalog-api';

const statusColors = { released: 'green', draft: 'yellow', obsolete: 'gray' } as const;

export function currentRouting(routings: Routing[]): Routing | undefined {
  const released = routings.filter((r) => r.status === 'released');
  const pool = released.length ? released : routings.filter((r) => r.status === 'draft');
  return [...pool].sort((a, b) => b.revision.localeCompare(a.revision))[0];
}

export function RoutingTable({ itemId }: { itemId: string }) {
  const routings = useQuery(routingsQuery(itemId));
  const canReadWorkCenters = useCan('read', 'WorkCenter');
  const lookup = useQuery({ ...workCenterLookupQuery(), enabled: canReadWorkCenters });
  if (routings.isPending) return <PageLoader />;
  if (routings.isError) return <ErrorNotice error={routings.error} onRetry={() => routings.refetch()} />;
  const routing = currentRouting(routings.data);
  if (!routing)
    return (
      <Text c="dimmed" fz="sm" p="md">
        This item has no routing.
      </Text>
    );
  const codeOf = (id: string) => lookup.data?.get(id)?.code ?? id.slice(0, 8);
  return (
    <>
      <Group px="sm" py={6} gap="xs">
        <Text fz="xs" c="dimmed">
          Revision {routing.revision}
        </Text>
        <Badge size="xs" color={statusColors[routing.status]}>
          {routing.status}
        </Badge>
        {routing.validFrom && (
          <Text fz="xs" c="dimmed">
            valid from {formatDate(routing.validFrom)}
          </Text>
        )}
        <Text fz="xs" c="dimmed">
          · {routing.operations.length} operations
        </Text>
      </Group>
      <Table className="takt-table" data-testid="routing">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>Op</Table.Th>
            <Table.Th>Operation</Table.Th>
            <Table.Th w={130}>Work center</Table.Th>
            <Table.Th w={180}>Alternatives</Table.Th>
            <Table.Th w={90} className="takt-num">
              Setup
            </Table.Th>
            <Table.Th w={100} className="takt-num">
              Run / unit
            </Table.Th>
            <Table.Th w={90} className="takt-num">
              Queue
            </Table.Th>
            <Table.Th w={90} className="takt-num">
              Move
            </Table.Th>
            <Table.Th w={110}>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {routing.operations.map((op) => (
            <Table.Tr key={op.id}>
              <Table.Td className="takt-mono">{op.number}</Table.Td>
              <Table.Td>
                {op.name}
                {op.shiftRule === 'fit' && (
                  <Tooltip label="must fit inside one shift">
                    <Badge size="xs" color="gray" ml={6}>
                      fit
                    </Badge>
                  </Tooltip>
                )}
                {op.drawingUrl && (
                  <Anchor href={op.drawingUrl} target="_blank" rel="noreferrer" fz="xs" ml={8}>
                    drawing
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>
                <AnchorLink
                  to="/work-centers/$workCenterId"
                  params={{ workCenterId: op.workCenterId }}
                  className="takt-mono"
                  fz="sm"
                >
                  {op.workCenterCode}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {op.alternatives.length === 0 && <Text c="dimmed">—</Text>}
                  {op.alternatives.map((alt) => (
                    <Tooltip
                      key={alt.workCenterId}
                      label={`speed ×${alt.speedFactor} of the primary`}
                      disabled={alt.speedFactor === 1}
                    >
                      <Badge size="sm" color="gray" variant="outline" tt="none">
                        {codeOf(alt.workCenterId)}
                        {alt.speedFactor !== 1 ? ` ×${alt.speedFactor}` : ''}
                      </Badge>
                    </Tooltip>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td className="takt-num">{formatMinutes(op.setupMinutes)}</Table.Td>
              <Table.Td className="takt-num">{formatMinutes(op.runMinutesPerUnit)}</Table.Td>
              <Table.Td className="takt-num">{formatMinutes(op.queueMinutes)}</Table.Td>
              <Table.Td className="takt-num">{formatMinutes(op.moveMinutes)}</Table.Td>
              <Table.Td className="takt-mono">
                {op.predecessors.length ? op.predecessors.join(', ') : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
