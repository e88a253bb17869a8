/**
 * Live plan and scenario side by side: each KPI with its delta, green where the scenario is
 * better, red where it is worse (more on time is better; lateness, setups and promise changes
 * are better lower; utilisation is shown without a verdict: higher is busier, not better).
 */
import { Table, Text } from '@mantine/core';
import type { PlanKpis } from '@takt/contracts';

type Better = 'higher' | 'lower' | 'none';

const hours = (minutes: number) => `${(minutes / 60).toFixed(1)} h`;
const pct = (x: number) => `${x.toFixed(1)} %`;

const rows: {
  key: string;
  label: string;
  value: (k: PlanKpis) => number;
  show: (x: number) => string;
  better: Better;
}[] = [
  { key: 'on-time', label: 'On time (planned)', value: (k) => k.onTimePercent, show: pct, better: 'higher' },
  {
    key: 'p90-on-time',
    label: 'On time at P90',
    value: (k) => k.p90OnTimePercent,
    show: pct,
    better: 'higher',
  },
  { key: 'late-lines', label: 'Late lines', value: (k) => k.lateLines, show: String, better: 'lower' },
  {
    key: 'lateness',
    label: 'Total lateness',
    value: (k) => k.totalLatenessMinutes,
    show: hours,
    better: 'lower',
  },
  {
    key: 'mean-lateness',
    label: 'Mean lateness per line',
    value: (k) => k.meanLatenessMinutes,
    show: hours,
    better: 'lower',
  },
  { key: 'setups', label: 'Setups', value: (k) => k.setups, show: String, better: 'lower' },
  { key: 'setup-time', label: 'Setup time', value: (k) => k.setupMinutes, show: hours, better: 'lower' },
  {
    key: 'promise-changes',
    label: 'Promise (P90 date) changes',
    value: (k) => k.promiseChanges,
    show: String,
    better: 'lower',
  },
  { key: 'lines', label: 'Order lines in the plan', value: (k) => k.lines, show: String, better: 'none' },
];

function Delta({ delta, better, show }: { delta: number; better: Better; show: (x: number) => string }) {
  if (Math.abs(delta) < 1e-9)
    return (
      <Text span c="dimmed" fz="sm">
        ±0
      </Text>
    );
  const good = better === 'none' ? null : better === 'higher' ? delta > 0 : delta < 0;
  const color = good === null ? 'dimmed' : good ? 'teal.7' : 'red.7';
  return (
    <Text span fz="sm" fw={600} c={color} data-good={good === null ? undefined : String(good)}>
      {delta > 0 ? '+' : '−'}
      {show(Math.abs(delta))}
    </Text>
  );
}

/**
 * With `replanned` (the live plan re-planned without the changes), the change column is the
 * changes' own effect: scenario − re-planned; without it, scenario − live.
 */
export function KpiCompare({
  live,
  replanned,
  scenario,
}: {
  live: PlanKpis;
  replanned: PlanKpis | null;
  scenario: PlanKpis;
}) {
  const utilisation = new Map(scenario.utilization.map((u) => [u.workCenterId, u]));
  const reference = replanned ?? live;
  const referenceUtilisation = new Map(reference.utilization.map((u) => [u.workCenterId, u]));
  return (
    <>
      <Table className="takt-table" data-testid="kpi-compare">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>KPI</Table.Th>
            <Table.Th className="takt-num" w={140}>
              Live plan
            </Table.Th>
            {replanned && (
              <Table.Th className="takt-num" w={140}>
                Re-planned, no changes
              </Table.Th>
            )}
            <Table.Th className="takt-num" w={140}>
              Scenario
            </Table.Th>
            <Table.Th className="takt-num" w={150}>
              {replanned ? 'Effect of the changes' : 'Change'}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-testid={`kpi-${r.key}`}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td className="takt-num">{r.show(r.value(live))}</Table.Td>
              {replanned && <Table.Td className="takt-num">{r.show(r.value(replanned))}</Table.Td>}
              <Table.Td className="takt-num">{r.show(r.value(scenario))}</Table.Td>
              <Table.Td className="takt-num">
                <Delta delta={r.value(scenario) - r.value(reference)} better={r.better} show={r.show} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fz="xs" c="dimmed" fw={600} mt="md" mb={4} px="md">
        Utilisation of the working time, next four weeks
      </Text>
      <Table className="takt-table" data-testid="utilisation-compare">
        <Table.Tbody>
          {live.utilization
            .filter((u) => u.busyMinutes > 0 || (utilisation.get(u.workCenterId)?.busyMinutes ?? 0) > 0)
            .map((u) => {
              const s = utilisation.get(u.workCenterId);
              const ref = referenceUtilisation.get(u.workCenterId) ?? u;
              return (
                <Table.Tr
                  key={u.workCenterId}
                  data-testid="utilisation-row"
                  data-work-center={u.workCenterCode}
                >
                  <Table.Td>
                    {u.workCenterCode}
                    <Text span c="dimmed" fz="xs" ml={6}>
                      {u.workCenterName}
                    </Text>
                  </Table.Td>
                  <Table.Td className="takt-num" w={140}>
                    {pct(u.percent)}
                  </Table.Td>
                  {replanned && (
                    <Table.Td className="takt-num" w={140}>
                      {pct(ref.percent)}
                    </Table.Td>
                  )}
                  <Table.Td className="takt-num" w={140}>
                    {s ? pct(s.percent) : '—'}
                  </Table.Td>
                  <Table.Td className="takt-num" w={150}>
                    {s && <Delta delta={s.percent - ref.percent} better="none" show={pct} />}
                  </Table.Td>
                </Table.Tr>
              );
            })}
        </Table.Tbody>
      </Table>
    </>
  );
}
