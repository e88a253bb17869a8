/**
 * The project's phases on one time axis: per phase the dates people set (outlined), the dates
 * the plan gives (engineering operations, jobs, purchases, the promise; filled blue) and what
 * actually happened (green), with today marked. Dates are read in the plant's time zone.
 */
import { Box, Group, Text, Tooltip } from '@mantine/core';
import { formatDate } from '../../ui/format';
import { type ProjectPhase, phaseLabels } from './projects-api';

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

interface Bar {
  kind: 'planned' | 'scheduled' | 'actual';
  start: number;
  end: number;
}

function barsOf(phase: ProjectPhase, today: number): Bar[] {
  const bars: Bar[] = [];
  if (phase.plannedStart || phase.plannedEnd) {
    const start = dayOf(phase.plannedStart ?? phase.plannedEnd!);
    bars.push({ kind: 'planned', start, end: dayOf(phase.plannedEnd ?? phase.plannedStart!) + DAY_MS });
  }
  if (phase.scheduled)
    bars.push({ kind: 'scheduled', start: dayOf(phase.scheduled.start), end: dayOf(phase.scheduled.end) });
  if (phase.actualStart) {
    const end = phase.actualEnd ? dayOf(phase.actualEnd) + DAY_MS : today;
    bars.push({
      kind: 'actual',
      start: dayOf(phase.actualStart),
      end: Math.max(end, dayOf(phase.actualStart) + DAY_MS),
    });
  }
  return bars;
}

const barStyle: Record<Bar['kind'], { top: number; height: number; style: React.CSSProperties }> = {
  planned: {
    top: 4,
    height: 22,
    style: { border: '1.5px dashed var(--mantine-color-gray-6)', background: 'var(--mantine-color-gray-0)' },
  },
  scheduled: { top: 8, height: 14, style: { background: 'var(--mantine-color-steel-5, #4c6ef5)' } },
  actual: { top: 11, height: 8, style: { background: 'var(--mantine-color-green-6)' } },
};

const labels: Record<Bar['kind'], string> = {
  planned: 'set by people',
  scheduled: 'the plan',
  actual: 'actual',
};

export function PhaseTimeline({ phases }: { phases: ProjectPhase[] }) {
  const today = Date.now();
  const rows = phases.map((p) => ({ phase: p, bars: barsOf(p, today) }));
  const all = rows.flatMap((r) => r.bars.flatMap((b) => [b.start, b.end]));
  const from = Math.min(today - 7 * DAY_MS, ...all);
  const to = Math.max(today + 30 * DAY_MS, ...all);
  const span = to - from;
  const x = (t: number) => `${((t - from) / span) * 100}%`;
  const w = (a: number, b: number) => `${Math.max(0.4, ((b - a) / span) * 100)}%`;
  const months: number[] = [];
  const first = new Date(from);
  for (let m = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1); m < to; ) {
    months.push(m);
    const d = new Date(m);
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return (
    <Box data-testid="phase-timeline">
      <Box style={{ display: 'grid', gridTemplateColumns: '150px 1fr', rowGap: 2 }}>
        <div />
        <Box pos="relative" h={18}>
          {months.map((m) => (
            <Text
              key={m}
              fz={10}
              c="dimmed"
              pos="absolute"
              style={{ left: x(m), transform: 'translateX(2px)' }}
            >
              {new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
                m,
              )}
            </Text>
          ))}
        </Box>
        {rows.map(({ phase, bars }) => (
          <PhaseRow key={phase.id} phase={phase} bars={bars} x={x} w={w} months={months} today={today} />
        ))}
      </Box>
      <Group gap="lg" mt="xs">
        {(['planned', 'scheduled', 'actual'] as const).map((kind) => (
          <Group key={kind} gap={6}>
            <Box w={22} h={barStyle[kind].height} style={{ ...barStyle[kind].style, borderRadius: 3 }} />
            <Text fz="xs" c="dimmed">
              {labels[kind]}
            </Text>
          </Group>
        ))}
        <Group gap={6}>
          <Box w={2} h={14} bg="red.6" />
          <Text fz="xs" c="dimmed">
            today
          </Text>
        </Group>
      </Group>
    </Box>
  );
}

function PhaseRow({
  phase,
  bars,
  x,
  w,
  months,
  today,
}: {
  phase: ProjectPhase;
  bars: Bar[];
  x: (t: number) => string;
  w: (a: number, b: number) => string;
  months: number[];
  today: number;
}) {
  return (
    <>
      <Group gap={6} wrap="nowrap" h={30} data-testid="timeline-phase" data-kind={phase.kind}>
        <Text fz="sm" fw={phase.status === 'in-progress' ? 600 : 400} truncate>
          {phaseLabels[phase.kind]}
        </Text>
        <Text
          fz={10}
          c={phase.status === 'done' ? 'green.7' : phase.status === 'in-progress' ? 'blue.7' : 'dimmed'}
        >
          {phase.status === 'not-started' ? '' : phase.status}
        </Text>
      </Group>
      <Box pos="relative" h={30} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        {months.map((m) => (
          <Box key={m} pos="absolute" top={0} bottom={0} w={1} bg="gray.2" style={{ left: x(m) }} />
        ))}
        <Box pos="absolute" top={0} bottom={0} w={2} bg="red.6" style={{ left: x(today), zIndex: 2 }} />
        {bars.map((b) => (
          <Tooltip
            key={b.kind}
            label={`${labels[b.kind]}: ${formatDate(new Date(b.start).toISOString())} – ${formatDate(new Date(b.end).toISOString())}`}
          >
            <Box
              data-testid={`bar-${b.kind}`}
              pos="absolute"
              top={barStyle[b.kind].top}
              h={barStyle[b.kind].height}
              style={{
                left: x(b.start),
                width: w(b.start, b.end),
                borderRadius: 3,
                ...barStyle[b.kind].style,
              }}
            />
          </Tooltip>
        ))}
      </Box>
    </>
  );
}
