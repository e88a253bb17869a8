/**
 * The OEE dashboard a plant manager reads at a glance: the four figures of the range on top
 * (OEE, availability, performance, quality, coloured by oee-levels), OEE and its factors per
 * machine, work center, shift, day or job, where the time went (stop Pareto) and the parts
 * (scrap Pareto), how far measured availability falls short of what planning assumes, and
 * how well the planned setup and run times match the booked ones.
 */
import {
  Box,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { OeeReport } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useMemo } from 'react';
import { ApiError } from '../../ui/api-client';
import { Chart } from '../../ui/chart';
import { formatDate, formatMinutes } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { addDays, todayIn } from '../../ui/zoned-time';
import { workCenterLookupQuery } from '../planning/resources-api';
import { oeeReportQuery } from './oee-api';
import {
  availabilityGapChart,
  factorChart,
  formatWholeMinutes,
  isTimeGrouping,
  type OeeGrouping,
  orderByGap,
  paretoChart,
  scrapMeasure,
  scrapParetoEntries,
  stopMeasure,
  stopParetoEntries,
} from './oee-chart-options';
import { factorLabels, formatRatio, levelColors, type OeeFactor, oeeLevel, thresholds } from './oee-levels';

/** The range shown when the address names none: the last seven plant days, today included. */
const DEFAULT_DAYS = 7;

const groupings: { value: OeeGrouping; label: string; noun: string }[] = [
  { value: 'work-center', label: 'Work center', noun: 'work center' },
  { value: 'machine', label: 'Machine', noun: 'machine' },
  { value: 'shift', label: 'Shift', noun: 'shift' },
  { value: 'day', label: 'Day', noun: 'day' },
  { value: 'job', label: 'Job', noun: 'job' },
];

export function OeePage() {
  const search = useSearch({ from: '/signed-in/oee' });
  const navigate = useNavigate({ from: '/oee' });
  const timeZone = usePlantTimeZone();
  const to = search.to ?? todayIn(timeZone);
  const from = search.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const groupBy = search.by ?? 'work-center';
  const rangeError = from > to ? 'The first day lies after the last.' : null;

  const report = useQuery({
    ...oeeReportQuery({ from, to, workCenterId: search.wc, groupBy }),
    enabled: !rangeError,
    placeholderData: keepPreviousData,
  });
  // a range the server refuses names its field: the message goes next to that input
  const fieldError = (field: 'from' | 'to') =>
    report.error instanceof ApiError
      ? report.error.problem.errors.find((e) => e.field.replace(/^(querystring|query)\./, '') === field)
          ?.message
      : undefined;
  const workCenters = useQuery(workCenterLookupQuery());
  const workCenterOptions = useMemo(
    () =>
      [...(workCenters.data?.values() ?? [])]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((wc) => ({ value: wc.id, label: `${wc.code} · ${wc.name}` })),
    [workCenters.data],
  );
  const workCenterName = search.wc ? workCenters.data?.get(search.wc)?.code : undefined;

  return (
    <>
      <PageHeader
        title="OEE"
        subtitle={`Overall equipment effectiveness = availability × performance × quality, measured from machine data and bookings, in the plant's time (${report.data?.timeZone ?? timeZone}).`}
      />
      <Paper withBorder radius="sm" bg="white" p="sm" mb="md">
        <Group gap="sm" align="flex-start">
          <TextInput
            type="date"
            label="From"
            size="xs"
            w={150}
            value={from}
            max={to}
            error={rangeError ?? fieldError('from')}
            onChange={(e) =>
              e.currentTarget.value && navigate({ search: (s) => ({ ...s, from: e.currentTarget.value }) })
            }
            data-testid="oee-from"
          />
          <TextInput
            type="date"
            label="To"
            size="xs"
            w={150}
            value={to}
            error={fieldError('to')}
            onChange={(e) =>
              e.currentTarget.value && navigate({ search: (s) => ({ ...s, to: e.currentTarget.value }) })
            }
            data-testid="oee-to"
          />
          <Select
            label="Work center"
            size="xs"
            w={260}
            placeholder="All work centers"
            clearable
            searchable
            data={workCenterOptions}
            value={search.wc ?? null}
            onChange={(wc) => navigate({ search: (s) => ({ ...s, wc: wc ?? undefined }) })}
            data-testid="oee-work-center"
          />
          <Box>
            <Text fz="xs" fw={500} mb={4}>
              Group by
            </Text>
            <SegmentedControl
              size="xs"
              data={groupings.map(({ value, label }) => ({ value, label }))}
              value={groupBy}
              onChange={(by) =>
                navigate({
                  search: (s) => ({ ...s, by: by === 'work-center' ? undefined : (by as OeeGrouping) }),
                })
              }
              data-testid="oee-group-by"
            />
          </Box>
          {report.isFetching && !report.isPending && <Loader size="xs" mt={26} aria-label="Updating" />}
        </Group>
      </Paper>
      {rangeError ? null : report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <ErrorNotice error={report.error} onRetry={() => report.refetch()} />
      ) : isEmpty(report.data) ? (
        <NoMeasurements report={report.data} workCenter={workCenterName} />
      ) : (
        <Dashboard report={report.data} workCenterCodes={workCenters.data} />
      )}
    </>
  );
}

/** Nothing counted, no stops, no finished operations: the charts would only draw empty axes. */
function isEmpty(r: OeeReport): boolean {
  return (
    r.total.totalCount === 0 &&
    r.stopPareto.length === 0 &&
    r.scrapPareto.length === 0 &&
    r.durations.every((d) => d.operations === 0)
  );
}

function NoMeasurements({ report, workCenter }: { report: OeeReport; workCenter?: string }) {
  return (
    <Paper withBorder radius="sm" bg="white" py={48} px="md" data-testid="oee-empty">
      <Text fw={600} ta="center">
        No production measured from {formatDate(report.from)} to {formatDate(report.to)}
        {workCenter ? ` on ${workCenter}` : ''}.
      </Text>
      <Text fz="sm" c="dimmed" ta="center" mt={4}>
        No parts were counted, no machine stopped and no operation was finished in this range. Choose other
        days or another work center.
      </Text>
    </Paper>
  );
}

function Dashboard({
  report,
  workCenterCodes,
}: {
  report: OeeReport;
  workCenterCodes?: Map<string, { code: string; name: string }>;
}) {
  const grouping = groupings.find((g) => g.value === report.groupBy) ?? groupings[0];
  const factors = useMemo(() => factorChart(report.rows, report.groupBy), [report.rows, report.groupBy]);
  const stops = useMemo(
    () => paretoChart(stopParetoEntries(report.stopPareto), stopMeasure),
    [report.stopPareto],
  );
  const scrap = useMemo(
    () => paretoChart(scrapParetoEntries(report.scrapPareto), scrapMeasure),
    [report.scrapPareto],
  );
  const gap = useMemo(() => availabilityGapChart(report.reliability), [report.reliability]);
  const hidden = report.rows.length - factors.points;
  const planned = report.stopPareto.filter((s) => s.planned);
  const t = report.total;

  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" mb="md">
        <Headline factor="oee" ratio={t.oee} note="availability × performance × quality" />
        <Headline
          factor="availability"
          ratio={t.availability}
          note={`run ${formatMinutes(t.runMinutes)} of ${formatMinutes(t.plannedMinutes)} planned · ${formatMinutes(t.downtimeMinutes)} down`}
        />
        <Headline
          factor="performance"
          ratio={t.performance}
          note={`ideal ${formatMinutes(t.idealMinutes)} for the parts made in ${formatMinutes(t.runMinutes)} run`}
        />
        <Headline
          factor="quality"
          ratio={t.quality}
          note={`${formatCount(t.goodCount)} good of ${formatCount(t.totalCount)} made`}
        />
      </SimpleGrid>

      <Box mb="md">
        <Panel
          title={`OEE by ${grouping.noun}`}
          actions={
            <Text fz="xs" c="dimmed">
              {isTimeGrouping(report.groupBy) ? 'in time order' : 'worst first'} · bars coloured by level,
              markers are the factors
            </Text>
          }
        >
          {factors.points === 0 ? (
            <Quiet testId="oee-factor-chart">No {grouping.noun} has measurements in this range.</Quiet>
          ) : (
            <Chart
              testId="oee-factor-chart"
              option={factors.option}
              height={factors.height}
              points={factors.points}
              label={`OEE, availability, performance and quality of ${factors.points} ${grouping.noun}s`}
            />
          )}
          {factors.points > 0 && hidden > 0 && (
            <Text fz="xs" c="dimmed" mt={4}>
              {hidden === 1 ? `1 more ${grouping.noun} had` : `${hidden} more ${grouping.noun}s had`} working
              time but nothing counted and no stop: not shown.
            </Text>
          )}
        </Panel>
      </Box>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" mb="md">
        <Panel
          title="Unplanned stops by reason"
          actions={
            <Text fz="xs" c="dimmed">
              minutes · line: cumulative share
            </Text>
          }
        >
          {stops.points === 0 ? (
            <Quiet testId="stop-pareto">No unplanned stops in this range.</Quiet>
          ) : (
            <Chart
              testId="stop-pareto"
              option={stops.option}
              height={stops.height}
              points={stops.points}
              label={`Minutes of unplanned stops by reason, ${stops.points} reasons`}
            />
          )}
          {planned.length > 0 && (
            <Text fz="xs" c="dimmed" mt={4} data-testid="planned-stops">
              Planned stops, not an OEE loss (they shorten the planned time):{' '}
              {planned.reduce((s, p) => s + p.stops, 0)} stops,{' '}
              {formatMinutes(Math.round(planned.reduce((s, p) => s + p.minutes, 0)))}.
            </Text>
          )}
        </Panel>
        <Panel
          title="Scrap by reason"
          actions={
            <Text fz="xs" c="dimmed">
              pieces · line: cumulative share
            </Text>
          }
        >
          {scrap.points === 0 ? (
            <Quiet testId="scrap-pareto">No scrap in this range.</Quiet>
          ) : (
            <Chart
              testId="scrap-pareto"
              option={scrap.option}
              height={scrap.height}
              points={scrap.points}
              label={`Scrapped pieces by reason, ${scrap.points} reasons`}
            />
          )}
        </Panel>
      </SimpleGrid>

      <Box mb="md">
        <Panel
          title="Planned vs. measured availability"
          actions={
            <Text fz="xs" c="dimmed">
              ring: what planning assumes, MTBF ÷ (MTBF + MTTR) · dot: measured · gap red: short of plan,
              green: better
            </Text>
          }
        >
          {report.reliability.length === 0 ? (
            <Quiet testId="availability-gap">No work center in this range.</Quiet>
          ) : (
            <Grid gap="md" align="center">
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Chart
                  testId="availability-gap"
                  option={gap.option}
                  height={gap.height}
                  points={gap.points}
                  label={`Planned and measured availability of ${gap.points} work centers`}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <ReliabilityTable reliability={report.reliability} />
              </Grid.Col>
            </Grid>
          )}
        </Panel>
      </Box>

      <Panel
        title="Duration accuracy: booked against planned times"
        padding={0}
        actions={
          <Text fz="xs" c="dimmed">
            ratio: actual ÷ planned per operation, the median · σ: its spread (lognormal)
          </Text>
        }
      >
        <DurationTable durations={report.durations} workCenters={workCenterCodes} />
      </Panel>
    </>
  );
}

const formatCount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

function Headline({ factor, ratio, note }: { factor: OeeFactor; ratio: number | null; note: string }) {
  const level = oeeLevel(factor, ratio);
  const colors = levelColors[level];
  const t = thresholds[factor];
  return (
    <Paper
      withBorder
      radius="sm"
      bg={colors.tint}
      p="md"
      style={{ borderLeft: `5px solid var(--mantine-color-${colors.mantine.replace('.', '-')})` }}
      data-testid={`headline-${factor}`}
      data-level={level}
      data-value={ratio ?? ''}
      title={`green from ${t.good * 100} %, amber from ${t.fair * 100} %, red below`}
    >
      <Text fz={12} fw={700} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.06em' }}>
        {factorLabels[factor]}
      </Text>
      <Text
        fz={factor === 'oee' ? 44 : 38}
        fw={700}
        lh={1.1}
        c={colors.mantine}
        data-testid={`headline-${factor}-value`}
      >
        {formatRatio(ratio)}
      </Text>
      <Text fz="xs" c="gray.7" mt={4} lineClamp={2}>
        {ratio === null ? 'nothing to measure in this range' : note}
      </Text>
    </Paper>
  );
}

function Quiet({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Text c="dimmed" fz="sm" ta="center" py="xl" data-testid={testId} data-points={0}>
      {children}
    </Text>
  );
}

function ReliabilityTable({ reliability }: { reliability: OeeReport['reliability'] }) {
  return (
    <Table className="takt-table" data-testid="reliability-table" style={{ whiteSpace: 'nowrap' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Work center</Table.Th>
          <Table.Th className="takt-num">Failures</Table.Th>
          <Table.Th className="takt-num" title="mean time between failures: run minutes per failure">
            MTBF
          </Table.Th>
          <Table.Th className="takt-num" title="mean time to repair">
            MTTR
          </Table.Th>
          <Table.Th className="takt-num" title="short stops, counted as a loss of performance">
            Micro-stops
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orderByGap(reliability).map((r) => (
          <Table.Tr key={r.workCenterId} data-testid="reliability-row" data-code={r.workCenterCode}>
            <Table.Td title={r.workCenterName}>
              <Text span fz="sm" fw={600}>
                {r.workCenterCode}
              </Text>{' '}
              <Text span fz="xs" c="dimmed">
                {r.machines} {r.machines === 1 ? 'machine' : 'machines'}
              </Text>
            </Table.Td>
            <Table.Td className="takt-num">{r.failures}</Table.Td>
            <Table.Td className="takt-num">{formatWholeMinutes(r.mtbfMinutes)}</Table.Td>
            <Table.Td className="takt-num">{formatWholeMinutes(r.mttrMinutes)}</Table.Td>
            <Table.Td className="takt-num">{r.microStops}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A ratio of actual to planned time: orange when work takes over 10 % longer than planned. */
function Ratio({ ratio }: { ratio: number | null }) {
  if (ratio === null)
    return (
      <Text span fz="sm" c="dimmed">
        —
      </Text>
    );
  const slow = ratio > 1.1;
  const fast = ratio < 0.9;
  return (
    <Text
      span
      fz="sm"
      fw={slow || fast ? 600 : undefined}
      c={slow ? 'orange.8' : fast ? 'blue.7' : undefined}
      title={slow ? 'takes longer than planned' : fast ? 'faster than planned' : 'as planned'}
    >
      × {ratio.toFixed(2)}
    </Text>
  );
}

const sigma = (s: number | null) => (s === null ? '—' : s.toFixed(2));
const group = { borderLeft: '1px solid var(--mantine-color-gray-2)' };

function DurationTable({
  durations,
  workCenters,
}: {
  durations: OeeReport['durations'];
  workCenters?: Map<string, { code: string; name: string }>;
}) {
  const rows = [...durations].sort((a, b) => a.workCenterCode.localeCompare(b.workCenterCode));
  return (
    <Table className="takt-table" data-testid="duration-accuracy" style={{ whiteSpace: 'nowrap' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th rowSpan={2}>Work center</Table.Th>
          <Table.Th rowSpan={2} className="takt-num">
            Operations
          </Table.Th>
          <Table.Th colSpan={4} ta="center" style={group}>
            Run
          </Table.Th>
          <Table.Th colSpan={4} ta="center" style={group}>
            Setup
          </Table.Th>
        </Table.Tr>
        <Table.Tr>
          {['run', 'setup'].map((kind) => (
            <RatioHeads key={kind} />
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((d) => (
          <Table.Tr key={d.workCenterId} data-testid="duration-row" data-code={d.workCenterCode}>
            <Table.Td>
              <Text span fz="sm" fw={600}>
                {d.workCenterCode}
              </Text>{' '}
              <Text span fz="xs" c="dimmed">
                {workCenters?.get(d.workCenterId)?.name ?? ''}
              </Text>
            </Table.Td>
            <Table.Td className="takt-num">{d.operations}</Table.Td>
            <Table.Td className="takt-num" style={group}>
              {formatMinutes(d.plannedRunMinutes)}
            </Table.Td>
            <Table.Td className="takt-num">{formatMinutes(d.actualRunMinutes)}</Table.Td>
            <Table.Td className="takt-num">
              <Ratio ratio={d.medianRunRatio} />
            </Table.Td>
            <Table.Td className="takt-num">{sigma(d.runSigma)}</Table.Td>
            <Table.Td className="takt-num" style={group}>
              {formatMinutes(d.plannedSetupMinutes)}
            </Table.Td>
            <Table.Td className="takt-num">{formatMinutes(d.actualSetupMinutes)}</Table.Td>
            <Table.Td className="takt-num">
              <Ratio ratio={d.medianSetupRatio} />
            </Table.Td>
            <Table.Td className="takt-num">{sigma(d.setupSigma)}</Table.Td>
          </Table.Tr>
        ))}
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={10}>
              <Text c="dimmed" fz="sm" ta="center" py="lg">
                No operation was finished with booked times in this range.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

function RatioHeads() {
  return (
    <>
      <Table.Th className="takt-num" style={group}>
        Planned
      </Table.Th>
      <Table.Th className="takt-num">Actual</Table.Th>
      <Table.Th className="takt-num" title="actual ÷ planned, the median over the operations">
        Median ratio
      </Table.Th>
      <Table.Th className="takt-num" title="lognormal sigma of actual ÷ planned">
        σ
      </Table.Th>
    </>
  );
}
