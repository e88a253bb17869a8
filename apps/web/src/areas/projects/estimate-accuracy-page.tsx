/**
 * How past estimates compared to what was spent, by category: engineering hours per work
 * center (booked ÷ estimated over finished design tasks), material and machining (actual ÷
 * preliminary over completed projects). Above 1 the plant estimates too low: scale the next
 * quote's figures by it (a project started from a past one can do that for the hours).
 */
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { estimateAccuracyQuery } from './projects-api';

export function EstimateAccuracyPage() {
  const accuracy = useQuery(estimateAccuracyQuery());
  if (accuracy.isPending) return <PageLoader />;
  if (accuracy.isError) return <ErrorNotice error={accuracy.error} onRetry={() => accuracy.refetch()} />;
  const a = accuracy.data;
  const value = (v: number, unit: 'hours' | 'money') =>
    unit === 'hours'
      ? `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`
      : formatMoney({ amount: v, currency: 'EUR' });
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/projects" fz="xs" c="dimmed">
            ETO projects
          </AnchorLink>
        }
        title="Estimate accuracy"
        subtitle={`Actual ÷ estimate by category over ${a.projects} active and completed projects: above 1 the quotes were too low`}
      />
      <Panel padding={0} testId="estimate-accuracy">
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Category</Table.Th>
              <Table.Th ta="right">Estimated</Table.Th>
              <Table.Th ta="right">Actual</Table.Th>
              <Table.Th ta="right">Actual ÷ estimate</Table.Th>
              <Table.Th ta="right">Projects</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.rows.map((r) => (
              <Table.Tr key={r.category}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td ta="right">{value(r.estimate, r.unit)}</Table.Td>
                <Table.Td ta="right">{value(r.actual, r.unit)}</Table.Td>
                <Table.Td ta="right">
                  {r.ratio === null ? (
                    <Text span c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Text
                      span
                      fw={600}
                      c={r.ratio > 1.1 ? 'red.7' : r.ratio < 0.9 ? 'orange.8' : undefined}
                      data-testid={`ratio-${r.category}`}
                    >
                      {r.ratio.toLocaleString('en-US', {
                        minimumFractionDigits: 2,
                        maximumFractionDigits: 2,
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{r.projects}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fz="xs" c="dimmed" p="sm">
          Engineering: booked hours of finished design tasks for their estimate. Material and machining: the
          actual stage of completed projects against their preliminary cost.
        </Text>
      </Panel>
    </>
  );
}
