/**
 * The project's cost: preliminary, committed and actual (material, work, engineering), the
 * remaining estimate and the cost-to-complete forecast (actual + remaining), each with its margin
 * against the price, coloured like every margin; and the past projects most like this one.
 */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../ui/format';
import { ErrorNotice } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { MarginText } from '../sales/margin-text';
import { DesignAccuracy } from './design-accuracy';
import { type ProjectCost, projectCostQuery, similarProjectsQuery } from './projects-api';

type Stage = ProjectCost['committed'];

export function ProjectCostPanel({ projectId }: { projectId: string }) {
  const cost = useQuery(projectCostQuery(projectId));
  if (cost.isError) return <ErrorNotice error={cost.error} onRetry={() => cost.refetch()} />;
  if (!cost.data) return <Panel title="Cost">Loading…</Panel>;
  const c = cost.data;
  const money = (amount: number) => formatMoney({ amount, currency: c.currency });
  const rows: [string, Stage | null, string][] = [
    [
      'Preliminary',
      c.preliminary,
      'the quote’s estimates: BOM with placeholders, routing, engineering hours',
    ],
    ['Committed', c.committed, 'purchase orders placed, stock set aside, released work'],
    ['Actual', c.actual, 'received material, booked shop-floor and engineering time, scrap'],
    [
      'Remaining',
      c.remaining,
      'open engineering hours, unfinished work, material not received or not ordered',
    ],
  ];
  return (
    <Panel
      title="Cost"
      padding={0}
      testId="project-cost"
      actions={
        <Text fz="xs" c="dimmed">
          price {c.price === null ? '—' : money(c.price)} ({c.priceSource ?? 'none'})
        </Text>
      }
    >
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Material</Table.Th>
              <Table.Th ta="right">Work</Table.Th>
              <Table.Th ta="right">Engineering</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Margin</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([label, stage, hint]) => (
              <Table.Tr key={label} data-testid={`cost-${label.toLowerCase()}`}>
                <Table.Td>
                  <Text fz="sm" fw={500}>
                    {label}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {hint}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{stage ? money(stage.material) : '—'}</Table.Td>
                <Table.Td ta="right">{stage ? money(stage.work) : '—'}</Table.Td>
                <Table.Td ta="right">{stage ? money(stage.engineering) : '—'}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {stage ? money(stage.total) : '—'}
                </Table.Td>
                <Table.Td ta="right">
                  {label === 'Remaining' ? '' : <MarginText percent={stage?.marginPercent} />}
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr data-testid="cost-forecast">
              <Table.Td>
                <Text fz="sm" fw={600}>
                  Forecast at completion
                </Text>
                <Text fz="xs" c="dimmed">
                  actual + remaining
                </Text>
              </Table.Td>
              <Table.Td colSpan={3} />
              <Table.Td ta="right" fw={700}>
                {money(c.forecast.total)}
              </Table.Td>
              <Table.Td ta="right">
                <MarginText percent={c.forecast.marginPercent} testId="forecast-margin" />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {c.remaining.placeholders > 0 && (
        <Text fz="xs" c="orange.8" p="sm">
          {money(c.remaining.placeholders)} of the remaining material are placeholders still at their
          estimated cost.
        </Text>
      )}
    </Panel>
  );
}

export function SimilarProjectsPanel({ projectId }: { projectId: string }) {
  const similar = useQuery(similarProjectsQuery(projectId));
  return (
    <Panel
      title="Similar projects"
      padding={0}
      testId="similar-projects"
      actions={
        <AnchorLink to="/projects/estimate-accuracy" fz="xs">
          Estimate accuracy
        </AnchorLink>
      }
    >
      {similar.isError ? (
        <ErrorNotice error={similar.error} onRetry={() => similar.refetch()} />
      ) : !similar.data ? (
        <Text p="sm">Loading…</Text>
      ) : similar.data.length === 0 ? (
        <Text fz="sm" c="dimmed" p="sm">
          No past project is like this one (by item family, attributes or BOM).
        </Text>
      ) : (
        <Table verticalSpacing={6} fz="sm">
          <Table.Tbody>
            {similar.data.map((s) => (
              <Table.Tr key={s.projectId}>
                <Table.Td>
                  <AnchorLink
                    to="/projects/$projectId"
                    params={{ projectId: s.projectId }}
                    className="takt-mono"
                  >
                    {s.projectNumber}
                  </AnchorLink>{' '}
                  {s.name}
                  <Text fz="xs" c="dimmed">
                    {s.itemNumber} · {s.customerName} · {s.status}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {s.reasons.map((r) => (
                      <Text key={r} fz="xs">
                        {r}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td w={280}>
                  <DesignAccuracy accuracy={s.engineeringAccuracy} />
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Text fz="xs" c="dimmed">
                      {s.engineeringHours} h design
                    </Text>
                    <Badge miw="max-content" variant="light" color={s.score >= 0.6 ? 'green' : 'gray'}>
                      {Math.round(s.score * 100)} %
                    </Badge>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}
