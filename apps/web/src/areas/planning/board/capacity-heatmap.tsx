/**
 * Capacity load as a heat map: a row per work center, a cell per day (or week) coloured by
 * utilisation (planned standard minutes / available minutes), the window's total as a bar on
 * the right and the bottleneck marked. Plain DOM: a few hundred cells need no chart library.
 */
import { Badge, Group, SegmentedControl, Text } from '@mantine/core';
import type { CapacityLoad, LoadBucket, LoadCell } from '@takt/contracts';
import { formatMinutes } from '../../../ui/format';

const CELL = 26;
const LABEL = 190;
const TOTAL = 150;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Colour of a utilisation: calm when there is room, hot when full, red past 100 %. */
export function heatColor(cell: LoadCell): string {
  if (cell.availableMinutes === 0) return cell.loadMinutes > 0 ? '#fa5252' : 'transparent';
  const u = cell.utilisation;
  if (u === 0) return '#f8f9fa';
  if (u < 40) return '#d3f9d8';
  if (u < 70) return '#8ce99a';
  if (u < 90) return '#ffd43b';
  if (u <= 100) return '#ff922b';
  return '#fa5252';
}

const legend: [string, string][] = [
  ['#d3f9d8', '< 40 %'],
  ['#8ce99a', '40–70 %'],
  ['#ffd43b', '70–90 %'],
  ['#ff922b', '90–100 %'],
  ['#fa5252', 'over 100 %'],
];

export function CapacityHeatmap({
  load,
  bucket,
  onBucket,
  onPick,
}: {
  load: CapacityLoad;
  bucket: LoadBucket;
  onBucket(bucket: LoadBucket): void;
  /** a cell was clicked: show that day or week on the board */
  onPick(range: { fromMs: number; toMs: number }): void;
}) {
  const bottleneck = load.workCenters.find((w) => w.bottleneck);
  return (
    <div data-testid="load-heatmap" data-bucket={load.bucket}>
      <Group
        justify="space-between"
        px="md"
        py={8}
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group gap="sm">
          <Text fz="sm" fw={600}>
            Capacity load
          </Text>
          {bottleneck && (
            <Text fz="xs" c="dimmed" data-testid="bottleneck">
              bottleneck: <b>{bottleneck.code}</b> {bottleneck.name} at{' '}
              {bottleneck.total.utilisation.toFixed(0)} %
            </Text>
          )}
        </Group>
        <Group gap="md">
          <Group gap={6}>
            {legend.map(([color, label]) => (
              <Group key={label} gap={4}>
                <span
                  style={{
                    width: 12,
                    height: 12,
                    background: color,
                    borderRadius: 2,
                    display: 'inline-block',
                  }}
                />
                <Text fz={11} c="dimmed">
                  {label}
                </Text>
              </Group>
            ))}
          </Group>
          <SegmentedControl
            size="xs"
            value={bucket}
            onChange={(v) => onBucket(v as LoadBucket)}
            data={[
              { value: 'day', label: 'Days' },
              { value: 'week', label: 'Weeks' },
            ]}
            aria-label="Load per"
          />
        </Group>
      </Group>
      <div style={{ overflowX: 'auto', padding: '6px 0 8px' }}>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: `${LABEL}px repeat(${load.buckets.length}, ${CELL}px) ${TOTAL}px`,
            rowGap: 2,
            minWidth: 'max-content',
            fontSize: 11,
          }}
        >
          <div />
          {load.buckets.map((b, x) => {
            const [, m, d] = b.date.split('-').map(Number);
            const newMonth = x === 0 || d === 1 || (bucket === 'week' && d <= 7);
            return (
              <div key={b.date} style={{ textAlign: 'center', color: '#495057', lineHeight: 1.15 }}>
                <div style={{ color: '#868e96', height: 12, whiteSpace: 'nowrap', overflow: 'visible' }}>
                  {newMonth ? months[m - 1] : ''}
                </div>
                <div>{d}</div>
              </div>
            );
          })}
          <div style={{ paddingLeft: 10, color: '#495057', alignSelf: 'end' }}>window</div>
          {load.workCenters.map((wc) => (
            <HeatRow key={wc.workCenterId} wc={wc} load={load} onPick={onPick} />
          ))}
        </div>
      </div>
    </div>
  );
}

function HeatRow({
  wc,
  load,
  onPick,
}: {
  wc: CapacityLoad['workCenters'][number];
  load: CapacityLoad;
  onPick(range: { fromMs: number; toMs: number }): void;
}) {
  return (
    <>
      <div
        data-testid="load-row"
        data-code={wc.code}
        data-bottleneck={wc.bottleneck}
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 6,
          paddingLeft: 12,
          borderLeft: wc.bottleneck ? '3px solid #e03131' : '3px solid transparent',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
        }}
      >
        <span className="takt-mono" style={{ fontWeight: wc.bottleneck ? 700 : 500 }}>
          {wc.code}
        </span>
        <span style={{ color: '#868e96', overflow: 'hidden', textOverflow: 'ellipsis' }}>{wc.name}</span>
        {wc.bottleneck && (
          <Badge size="xs" color="red" variant="filled" style={{ flex: 'none' }}>
            bottleneck
          </Badge>
        )}
      </div>
      {wc.cells.map((cell, x) => {
        const b = load.buckets[x];
        return (
          <button
            key={b.date}
            type="button"
            title={`${wc.code} ${b.date}: ${formatMinutes(Math.round(cell.loadMinutes))} of ${formatMinutes(Math.round(cell.availableMinutes))} (${cell.utilisation.toFixed(0)} %)`}
            data-testid="load-cell"
            data-date={b.date}
            data-utilisation={cell.utilisation}
            onClick={() => onPick({ fromMs: Date.parse(b.start), toMs: Date.parse(b.end) })}
            style={{
              height: 20,
              margin: '0 1px',
              border: 'none',
              borderRadius: 2,
              padding: 0,
              cursor: 'pointer',
              fontSize: 9.5,
              color: cell.utilisation > 90 ? '#fff' : '#343a40',
              background:
                cell.availableMinutes === 0 && cell.loadMinutes === 0
                  ? 'repeating-linear-gradient(135deg, #f1f3f5 0 3px, #fff 3px 6px)'
                  : heatColor(cell),
              outline: wc.bottleneck ? '1px solid rgba(224, 49, 49, 0.35)' : undefined,
            }}
          >
            {cell.loadMinutes > 0 ? Math.round(cell.utilisation) : ''}
          </button>
        );
      })}
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, paddingLeft: 10 }}>
        <div style={{ flex: 1, height: 8, background: '#f1f3f5', borderRadius: 4, overflow: 'hidden' }}>
          <div
            style={{
              width: `${Math.min(100, wc.total.utilisation)}%`,
              height: '100%',
              background: wc.bottleneck ? '#e03131' : heatColor(wc.total),
            }}
          />
        </div>
        <span style={{ width: 38, textAlign: 'right', fontWeight: wc.bottleneck ? 700 : 400 }}>
          {wc.total.utilisation.toFixed(0)} %
        </span>
      </div>
    </>
  );
}
