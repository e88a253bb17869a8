/**
 * The OEE dashboard's charts as plain ECharts options, built from the report (no React, no
 * DOM): OEE and its factors per group, the stop and scrap Paretos, planned against measured
 * availability per work center. Each builder says how many data points it drew and how tall
 * it wants to be, so the page can size the box and tests can count.
 */
import type { OeeReport } from '@takt/contracts';
import type { ChartOption } from '../../ui/chart';
import { formatMinutes } from '../../ui/format';
import { factorColors, factorLabels, formatRatio, levelColors, oeeLevel, thresholds } from './oee-levels';

/** Means of stop durations read best in whole minutes ("17 min", not "17.5001 min"). */
export const formatWholeMinutes = (minutes: number | null) =>
  formatMinutes(minutes === null ? null : Math.round(minutes));

export type OeeRow = OeeReport['rows'][number];
export type OeeGrouping = OeeReport['groupBy'];
type StopEntry = OeeReport['stopPareto'][number];
type ScrapEntry = OeeReport['scrapPareto'][number];
type Reliability = OeeReport['reliability'][number];

export interface BuiltChart {
  option: ChartOption;
  points: number;
  height: number;
}

const TEXT = '#495057';
const GRID_LINE = '#e9ecef';
const STEEL = '#37649e';
const CUMULATIVE = '#343a40';
const NO_REASON = '#adb5bd';

/** Rows in time order for days and shifts; otherwise the worst OEE first, unmeasured last. */
export function orderRows(rows: readonly OeeRow[], groupBy: OeeGrouping): OeeRow[] {
  if (isTimeGrouping(groupBy)) return [...rows].sort((a, b) => a.key.localeCompare(b.key));
  return [...rows].sort((a, b) => {
    if (a.oee === null || b.oee === null)
      return a.oee === b.oee ? a.label.localeCompare(b.label) : a.oee === null ? 1 : -1;
    return a.oee - b.oee || a.label.localeCompare(b.label);
  });
}

export const isTimeGrouping = (g: OeeGrouping) => g === 'day' || g === 'shift';

/**
 * Rows worth a bar: something was counted or the machines stood still. A machine, work center
 * or job that only had working time (no output, no stop) has no OEE and would only add an
 * empty line; days and shifts all stay, so the time axis has no holes.
 */
export function shownRows(rows: readonly OeeRow[], groupBy: OeeGrouping): OeeRow[] {
  if (isTimeGrouping(groupBy)) return [...rows];
  return rows.filter((r) => r.totalCount > 0 || r.downtimeMinutes > 0);
}

const dayLabel = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "Wed 25 Nov" for a day's key (a local date); other groups keep the server's label. */
export function rowLabel(row: OeeRow, groupBy: OeeGrouping): string {
  return groupBy === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(row.key)
    ? dayLabel.format(new Date(`${row.key}T00:00:00Z`))
    : row.label;
}

const percent = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** The data index a tooltip is about, from ECharts' params (one item or the axis' list). */
function dataIndexOf(params: unknown): number {
  const first = Array.isArray(params) ? params[0] : params;
  const index = (first as { dataIndex?: unknown } | undefined)?.dataIndex;
  return typeof index === 'number' ? index : -1;
}

const tooltipLine = (label: string, value: string, color?: string) =>
  `<div style="display:flex;justify-content:space-between;gap:16px">` +
  `<span>${color ? `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${color};margin-right:6px"></span>` : ''}${label}</span>` +
  `<b>${value}</b></div>`;

const tooltipBase = {
  backgroundColor: '#fff',
  borderColor: '#dee2e6',
  textStyle: { color: '#212529', fontSize: 12 },
  extraCssText: 'box-shadow: 0 2px 8px rgba(0,0,0,.12); min-width: 200px;',
} as const;

/**
 * OEE as bars coloured by its level, availability, performance and quality as markers on the
 * same row (joined by lines when the groups are points in time), the world-class line at 85 %.
 * Groups that are things (machines, work centers, jobs) lie horizontally, worst at the top, so
 * their names stay readable; days and shifts run left to right.
 */
export function factorChart(rows: readonly OeeRow[], groupBy: OeeGrouping): BuiltChart {
  const ordered = orderRows(shownRows(rows, groupBy), groupBy);
  const time = isTimeGrouping(groupBy);
  const categories = ordered.map((r) => rowLabel(r, groupBy));
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    inverse: !time,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#ced4da' } },
    axisLabel: time
      ? { color: TEXT, hideOverlap: true }
      : // the margin keeps markers at 0 % off the names
        { color: TEXT, width: 170, overflow: 'truncate' as const, interval: 0, margin: 14 },
  };
  const valueAxis = {
    type: 'value' as const,
    min: 0,
    max: 100,
    interval: 20,
    axisLabel: { color: TEXT, formatter: '{value} %' },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
  const few = ordered.length <= 16;
  const factorSeries = (['availability', 'performance', 'quality'] as const).map((f, i) => ({
    name: factorLabels[f],
    type: 'line' as const,
    data: ordered.map((r) => percent(r[f])),
    symbol: ['circle', 'diamond', 'triangle'][i],
    symbolSize: time ? 7 : 11,
    showAllSymbol: true,
    connectNulls: false,
    z: 3,
    itemStyle: { color: factorColors[f], borderColor: '#fff', borderWidth: 1 },
    // machines, work centers and jobs are not a sequence: markers only, no line between them
    lineStyle: { color: factorColors[f], width: 1.5, opacity: time ? 1 : 0 },
    emphasis: { disabled: true },
  }));
  const option: ChartOption = {
    grid: time
      ? { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }
      : { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { color: TEXT } },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const row = ordered[dataIndexOf(params)];
        if (!row) return '';
        return (
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(rowLabel(row, groupBy))}</div>` +
          tooltipLine('OEE', formatRatio(row.oee), levelColors[oeeLevel('oee', row.oee)].hex) +
          tooltipLine('Availability', formatRatio(row.availability), factorColors.availability) +
          tooltipLine('Performance', formatRatio(row.performance), factorColors.performance) +
          tooltipLine('Quality', formatRatio(row.quality), factorColors.quality) +
          `<div style="margin-top:4px;color:#868e96">` +
          `run ${formatMinutes(row.runMinutes)} of ${formatMinutes(row.plannedMinutes)} planned · ` +
          `${row.goodCount} good of ${row.totalCount}</div>`
        );
      },
    },
    xAxis: time ? categoryAxis : valueAxis,
    yAxis: time ? valueAxis : categoryAxis,
    series: [
      {
        name: 'OEE',
        type: 'bar',
        barMaxWidth: time ? 28 : 18,
        data: ordered.map((r) => ({
          value: percent(r.oee),
          itemStyle: {
            color: levelColors[oeeLevel('oee', r.oee)].hex,
            borderRadius: time ? [2, 2, 0, 0] : [0, 2, 2, 0],
          },
        })),
        // inside the bar's end: the factors are never below OEE, so their markers lie beyond it
        label: {
          show: few,
          position: time ? 'insideTop' : 'insideRight',
          distance: 4,
          color: '#fff',
          fontSize: 11,
          fontWeight: 600,
          formatter: (p: unknown) => {
            const v = (p as { value?: unknown }).value;
            // a label inside a bar too short for it would spill over the names: the tooltip has it
            return typeof v === 'number' && v >= 8 ? v.toFixed(1) : '';
          },
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: levelColors.good.hex, type: 'dashed', width: 1 },
          label: {
            formatter: `${thresholds.oee.good * 100} % world class`,
            color: levelColors.good.hex,
            fontSize: 11,
            position: time ? 'insideEndTop' : 'start',
          },
          data: [time ? { yAxis: thresholds.oee.good * 100 } : { xAxis: thresholds.oee.good * 100 }],
        },
      },
      ...factorSeries,
    ],
  };
  return {
    option,
    points: ordered.length,
    height: time ? 340 : Math.max(240, 70 + ordered.length * 34),
  };
}

export interface ParetoEntry {
  name: string;
  value: number;
  color?: string;
  /** a line under the name in the tooltip */
  note?: string;
}

/** At most this many bars; the rest sum into one "other" bar so the names stay readable. */
export const PARETO_BARS = 8;

/** Bars by size, descending, with the cumulative share as a line on a second axis. */
export function paretoChart(
  entries: readonly ParetoEntry[],
  measure: { name: string; format: (v: number) => string; color: string; minInterval?: number },
): BuiltChart {
  const sorted = [...entries].filter((e) => e.value > 0).sort((a, b) => b.value - a.value);
  const shown =
    sorted.length > PARETO_BARS
      ? [
          ...sorted.slice(0, PARETO_BARS - 1),
          {
            name: `${sorted.length - PARETO_BARS + 1} other reasons`,
            value: sorted.slice(PARETO_BARS - 1).reduce((s, e) => s + e.value, 0),
            color: NO_REASON,
          },
        ]
      : sorted;
  const total = shown.reduce((s, e) => s + e.value, 0);
  let running = 0;
  const cumulative = shown.map((e) => {
    running += e.value;
    return Math.round((running / total) * 1000) / 10;
  });
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { color: TEXT } },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = dataIndexOf(params);
        const e = shown[i];
        if (!e) return '';
        return (
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(e.name)}</div>` +
          (e.note ? `<div style="color:#868e96;margin-bottom:4px">${escapeHtml(e.note)}</div>` : '') +
          tooltipLine(measure.name, measure.format(e.value), e.color ?? measure.color) +
          tooltipLine('Share', `${((e.value / total) * 100).toFixed(1)} %`) +
          tooltipLine('Cumulative', `${cumulative[i].toFixed(1)} %`, CUMULATIVE)
        );
      },
    },
    xAxis: {
      type: 'category',
      data: shown.map((e) => e.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#ced4da' } },
      axisLabel: {
        color: TEXT,
        interval: 0,
        width: shown.length > 5 ? 64 : 96,
        overflow: 'break',
        lineHeight: 13,
        fontSize: 11,
      },
    },
    yAxis: [
      {
        type: 'value',
        minInterval: measure.minInterval,
        axisLabel: { color: TEXT },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      {
        type: 'value',
        min: 0,
        max: 100,
        interval: 25,
        axisLabel: { color: TEXT, formatter: '{value} %' },
        splitLine: { show: false },
        show: shown.length > 1,
      },
    ],
    series: [
      {
        name: measure.name,
        type: 'bar',
        barMaxWidth: 44,
        data: shown.map((e) => ({ value: e.value, itemStyle: { color: e.color ?? measure.color } })),
        label: {
          show: true,
          position: 'top',
          color: '#212529',
          fontSize: 11,
          formatter: (p: unknown) => {
            const v = (p as { value?: unknown }).value;
            return typeof v === 'number' ? measure.format(v) : '';
          },
        },
      },
      // one reason is the whole share: a cumulative line would only sit on its bar
      ...(shown.length < 2
        ? []
        : [
            {
              name: 'Cumulative %',
              type: 'line' as const,
              yAxisIndex: 1,
              data: cumulative,
              symbol: 'circle',
              symbolSize: 6,
              itemStyle: { color: CUMULATIVE },
              lineStyle: { color: CUMULATIVE, width: 1.5 },
            },
          ]),
    ],
  };
  return { option, points: shown.length, height: 300 };
}

/** Unplanned stops by reason (planned ones are not a loss of OEE: they shrink planned time). */
export function stopParetoEntries(stops: readonly StopEntry[]): ParetoEntry[] {
  return stops
    .filter((s) => !s.planned)
    .map((s) => ({
      name: s.reasonName,
      value: s.minutes,
      color: s.reasonCode === null ? NO_REASON : STEEL,
      note: `${s.stops} ${s.stops === 1 ? 'stop' : 'stops'}${s.reasonCode === null ? ', no reason given yet' : ''}`,
    }));
}

export function scrapParetoEntries(scrap: readonly ScrapEntry[]): ParetoEntry[] {
  return scrap.map((s) => ({ name: s.reasonName, value: s.quantity }));
}

export const stopMeasure = {
  name: 'Minutes',
  format: (v: number) => `${Math.round(v)} min`,
  color: STEEL,
  minInterval: 1,
};
export const scrapMeasure = {
  name: 'Pieces',
  format: (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 }),
  color: '#c2255c',
  minInterval: 1,
};

const SHORTFALL = '#e03131';
const SURPLUS = '#2f9e44';

/** Work centers by the gap between the availability the plan assumes and the measured one. */
export function orderByGap(reliability: readonly Reliability[]): Reliability[] {
  const gap = (r: Reliability) =>
    r.measuredAvailability === null
      ? Number.NEGATIVE_INFINITY
      : r.plannedAvailability - r.measuredAvailability;
  return [...reliability].sort((a, b) => gap(b) - gap(a) || a.workCenterCode.localeCompare(b.workCenterCode));
}

/**
 * Planned against measured availability per work center as a dumbbell: a hollow ring where the
 * plan stands, a filled dot where the plant stands, the band between them red where the plant
 * falls short of what planning assumes and green where it does better. The biggest shortfall
 * is at the top. The value axis starts below the lowest figure, so small gaps still show.
 */
export function availabilityGapChart(reliability: readonly Reliability[]): BuiltChart {
  const ordered = orderByGap(reliability);
  const values = ordered.flatMap((r) =>
    r.measuredAvailability === null
      ? [r.plannedAvailability]
      : [r.plannedAvailability, r.measuredAvailability],
  );
  const lowest = Math.min(...values, 1);
  // 5 % steps, at least 2 points below the lowest figure
  const axisMin = Math.max(0, Math.floor((lowest * 100 - 2) / 5) * 5);
  const planned = ordered.map((r) => percent(r.plannedAvailability) ?? 0);
  const measured = ordered.map((r) => percent(r.measuredAvailability));
  const option: ChartOption = {
    grid: { left: 8, right: 70, top: 36, bottom: 8, containLabel: true },
    legend: {
      top: 0,
      left: 0,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { color: TEXT },
      data: ['Planned', 'Measured', 'Gap'],
    },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const r = ordered[dataIndexOf(params)];
        if (!r) return '';
        const gap =
          r.measuredAvailability === null ? null : (r.measuredAvailability - r.plannedAvailability) * 100;
        return (
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(r.workCenterCode)} ${escapeHtml(r.workCenterName)}</div>` +
          tooltipLine('Planned (the plan assumes)', formatRatio(r.plannedAvailability), '#868e96') +
          tooltipLine('Measured', formatRatio(r.measuredAvailability), STEEL) +
          tooltipLine(
            'Gap',
            gap === null ? '—' : `${gap > 0 ? '+' : gap < 0 ? '−' : ''}${Math.abs(gap).toFixed(1)} pp`,
          ) +
          `<div style="margin-top:4px"></div>` +
          tooltipLine('MTBF', formatWholeMinutes(r.mtbfMinutes)) +
          tooltipLine('MTTR', formatWholeMinutes(r.mttrMinutes)) +
          tooltipLine('Failures', String(r.failures)) +
          tooltipLine('Micro-stops', String(r.microStops))
        );
      },
    },
    xAxis: {
      type: 'value',
      min: axisMin,
      max: 100,
      axisLabel: { color: TEXT, formatter: '{value} %' },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: ordered.map((r) => r.workCenterCode),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#ced4da' } },
      axisLabel: { color: TEXT, fontWeight: 600, interval: 0 },
    },
    series: [
      {
        name: 'base',
        type: 'bar',
        stack: 'gap',
        silent: true,
        barWidth: 8,
        itemStyle: { color: 'transparent' },
        data: ordered.map((_, i) => (measured[i] === null ? null : Math.min(planned[i], measured[i]!))),
      },
      {
        name: 'Gap',
        type: 'bar',
        stack: 'gap',
        barWidth: 8,
        itemStyle: { color: SHORTFALL },
        data: ordered.map((_, i) => {
          const m = measured[i];
          if (m === null) return null;
          return {
            value: Math.abs(planned[i] - m),
            itemStyle: { color: m < planned[i] ? SHORTFALL : SURPLUS, opacity: 0.75 },
          };
        }),
        label: {
          show: true,
          position: 'right',
          distance: 12,
          fontSize: 11,
          fontWeight: 600,
          formatter: (p: unknown) => {
            const i = (p as { dataIndex?: number }).dataIndex ?? -1;
            const m = measured[i];
            if (m === null || m === undefined) return '';
            const gap = m - planned[i];
            return `${gap > 0 ? '+' : gap < 0 ? '−' : '±'}${Math.abs(gap).toFixed(1)} pp`;
          },
          color: '#212529',
        },
      },
      // the dots are lines without their line: one chart type less in the bundle
      {
        name: 'Planned',
        type: 'line',
        z: 4,
        symbol: 'circle',
        symbolSize: 14,
        showAllSymbol: true,
        lineStyle: { opacity: 0 },
        emphasis: { disabled: true },
        itemStyle: { color: '#fff', borderColor: '#495057', borderWidth: 2 },
        data: planned,
      },
      {
        name: 'Measured',
        type: 'line',
        z: 5,
        symbol: 'circle',
        symbolSize: 12,
        showAllSymbol: true,
        lineStyle: { opacity: 0 },
        emphasis: { disabled: true },
        itemStyle: { color: STEEL, borderColor: '#fff', borderWidth: 1 },
        data: measured,
      },
    ],
  };
  return { option, points: ordered.length, height: Math.max(180, 70 + ordered.length * 36) };
}
