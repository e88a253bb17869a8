/**
 * The plant's KPIs over time: on-time delivery against the promised and the P90 date, quoted
 * vs. actual lead time, work in progress and utilisation per work center, per day or week.
 */
import { Group, Paper, SegmentedControl, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { KpiReport } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../../ui/chart';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { usePlantTimeZone } from '../../../ui/plant-time-zone';
import { addDays, todayIn } from '../../../ui/zoned-time';
import { kpiQueryOptions } from './insight-api';

const DEFAULT_DAYS = 84;

const lines = (
  dates: string[],
  series: { name: string; data: (number | null)[]; bar?: boolean }[],
  unit: string,
): ChartOption => ({
  grid: { left: 48, right: 16, top: 32, bottom: 28 },
  tooltip: { trigger: 'axis' },
  legend: { top: 0, textStyle: { fontSize: 11 } },
  xAxis: { type: 'category', data: dates, axisLabel: { fontSize: 10 } },
  yAxis: { type: 'value', axisLabel: { formatter: `{value}${unit}`, fontSize: 10 } },
  series: series.map((s) =>
    s.bar
      ? { type: 'bar' as const, name: s.name, data: s.data, barMaxWidth: 18 }
      : { type: 'line' as const, name: s.name, data: s.data, connectNulls: true, symbolSize: 5 },
  ),
});

export function KpisPage() {
  const search = useSearch({ from: '/signed-in/planning/kpis' });
  const navigate = useNavigate({ from: '/planning/kpis' });
  const timeZone = usePlantTimeZone();
  const to = search.to ?? todayIn(timeZone);
  const from = search.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const bucket = search.bucket ?? 'week';
  const report = useQuery({ ...kpiQueryOptions({ from, to, bucket }), placeholderData: keepPreviousData });
  const charts = useMemo(() => (report.data ? chartsOf(report.data) : null), [report.data]);
  return (
    <>
      <PageHeader
        title="KPIs"
        subtitle={`On-time delivery, lead time, work in progress and utilisation per ${bucket}, in the plant's time (${timeZone}).`}
      />
      <Paper withBorder radius="sm" bg="white" p="sm" mb="md">
        <Group gap="sm" align="flex-end">
          <TextInput
            type="date"
            label="From"
            size="xs"
            w={150}
            value={from}
            max={to}
            onChange={(e) =>
              e.currentTarget.value && navigate({ search: (s) => ({ ...s, from: e.currentTarget.value }) })
            }
          />
          <TextInput
            type="date"
            label="To"
            size="xs"
            w={150}
            value={to}
            onChange={(e) =>
              e.currentTarget.value && navigate({ search: (s) => ({ ...s, to: e.currentTarget.value }) })
            }
          />
          <SegmentedControl
            size="xs"
            value={bucket}
            data={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
            ]}
            onChange={(v) => navigate({ search: (s) => ({ ...s, bucket: v as 'day' | 'week' }) })}
          />
        </Group>
      </Paper>
      {report.error && <ErrorNotice error={report.error} onRetry={() => report.refetch()} />}
      {!report.data ? (
        report.isPending && <PageLoader />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }} mb="md">
            <Figure
              label="On time to promise"
              value={percent(report.data.total.onTimeToPromisePercent)}
              testId="kpi-on-time-promise"
            />
            <Figure
              label="On time to P90"
              value={percent(report.data.total.onTimeToP90Percent)}
              testId="kpi-on-time-p90"
            />
            <Figure label="Deliveries" value={String(report.data.total.shipments)} />
            <Figure
              label="Lead time quoted / actual"
              value={`${days(report.data.total.quotedLeadTimeDays)} / ${days(report.data.total.actualLeadTimeDays)}`}
            />
            <Figure label="Utilisation" value={percent(report.data.total.utilisation)} />
          </SimpleGrid>
          {charts && (
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Panel title="On-time delivery">
                <Chart
                  option={charts.onTime}
                  height={240}
                  points={charts.points}
                  label="on-time delivery per bucket"
                  testId="kpi-chart-on-time"
                />
              </Panel>
              <Panel title="Lead time: quoted vs. actual (days)">
                <Chart
                  option={charts.leadTime}
                  height={240}
                  points={charts.points}
                  label="lead time per bucket"
                  testId="kpi-chart-lead-time"
                />
              </Panel>
              <Panel title="Work in progress (released, unfinished jobs)">
                <Chart
                  option={charts.wip}
                  height={240}
                  points={charts.points}
                  label="work in progress per bucket"
                  testId="kpi-chart-wip"
                />
              </Panel>
              <Panel title="Utilisation per work center">
                <Chart
                  option={charts.utilisation}
                  height={240}
                  points={charts.points}
                  label="utilisation per bucket"
                  testId="kpi-chart-utilisation"
                />
              </Panel>
            </SimpleGrid>
          )}
        </>
      )}
    </>
  );
}

function chartsOf(r: KpiReport) {
  const dates = r.buckets.map((b) => b.date.slice(5));
  return {
    points: r.buckets.length,
    onTime: lines(
      dates,
      [
        { name: 'to promise', data: r.buckets.map((b) => b.onTimeToPromisePercent) },
        { name: 'to P90', data: r.buckets.map((b) => b.onTimeToP90Percent) },
        { name: 'deliveries', data: r.buckets.map((b) => b.shipments), bar: true },
      ],
      '',
    ),
    leadTime: lines(
      dates,
      [
        { name: 'quoted', data: r.buckets.map((b) => b.quotedLeadTimeDays) },
        { name: 'actual', data: r.buckets.map((b) => b.actualLeadTimeDays) },
      ],
      ' d',
    ),
    wip: lines(
      dates,
      [
        { name: 'jobs', data: r.buckets.map((b) => b.wipJobs), bar: true },
        { name: 'quantity', data: r.buckets.map((b) => b.wipQuantity) },
      ],
      '',
    ),
    utilisation: lines(
      dates,
      [
        { name: 'plant', data: r.buckets.map((b) => b.utilisation) },
        ...r.workCenters
          .filter((w) => w.bookedMinutes > 0)
          .map((w) => ({ name: w.code, data: w.utilisation })),
      ],
      ' %',
    ),
  };
}

const percent = (v: number | null) => (v === null ? '—' : `${v} %`);
const days = (v: number | null) => (v === null ? '—' : `${v} d`);

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder radius="sm" bg="white" p="sm" data-testid={testId}>
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={22} fw={600}>
        {value}
      </Text>
    </Paper>
  );
}
