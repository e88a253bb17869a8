/**
 * A week of working time: one row per day, 00:00–24:00 across, a bar for each working interval
 * in the plant's time zone, and the working hours of the day on the right.
 */
import { Box, Group, Text, Tooltip } from '@mantine/core';
import { addDays, clock, segmentsByDay, zonedParts } from './zoned-time';

const HOURS = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24];
const dayLabel = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: '2-digit',
  month: 'short',
  timeZone: 'UTC',
});

export function WorkingTimeWeek({
  intervals,
  monday,
  timeZone,
  markedDays = {},
}: {
  intervals: readonly { start: string; end: string }[];
  monday: string;
  timeZone: string;
  /** a note per date, e.g. a holiday's name */
  markedDays?: Record<string, string>;
}) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const segments = segmentsByDay(intervals, timeZone);
  const now = zonedParts(new Date(), timeZone);
  const today = now.date;
  const total = segments.reduce((sum, s) => sum + (s.to - s.from), 0);

  return (
    <Box data-testid="working-time-week">
      <Group gap={0} wrap="nowrap" mb={2}>
        <Box w={110} />
        <Box style={{ flex: 1, position: 'relative', height: 16 }}>
          {HOURS.map((h) => (
            <Text
              key={h}
              fz={10}
              c="dimmed"
              style={{
                position: 'absolute',
                left: `${(h / 24) * 100}%`,
                transform: h === 0 ? 'none' : h === 24 ? 'translateX(-100%)' : 'translateX(-50%)',
              }}
            >
              {String(h).padStart(2, '0')}
            </Text>
          ))}
        </Box>
        <Box w={70} />
      </Group>
      {days.map((date) => {
        const daySegments = segments.filter((s) => s.date === date);
        const minutes = daySegments.reduce((sum, s) => sum + (s.to - s.from), 0);
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        const weekend = weekday === 0 || weekday === 6;
        const note = markedDays[date];
        return (
          <Group key={date} gap={0} wrap="nowrap" data-testid={`day-${date}`}>
            <Box w={110} py={4}>
              <Text
                fz="xs"
                fw={date === today ? 700 : 500}
                c={date === today ? 'steel.8' : weekend ? 'dimmed' : undefined}
              >
                {dayLabel.format(new Date(`${date}T00:00:00Z`))}
              </Text>
              {note && (
                <Text fz={10} c="orange.8" truncate>
                  {note}
                </Text>
              )}
            </Box>
            <Box
              style={{
                flex: 1,
                position: 'relative',
                height: 26,
                background: weekend || note ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-gray-0)',
                borderTop: '1px solid var(--mantine-color-gray-3)',
                backgroundImage:
                  'repeating-linear-gradient(to right, var(--mantine-color-gray-3) 0 1px, transparent 1px calc(100% / 12))',
              }}
            >
              {daySegments.map((s) => (
                <Tooltip key={`${s.from}-${s.to}`} label={`${clock(s.from)}–${clock(s.to)}`} withArrow>
                  <Box
                    data-testid="working-interval"
                    style={{
                      position: 'absolute',
                      top: 4,
                      bottom: 4,
                      left: `${(s.from / 1440) * 100}%`,
                      width: `${((s.to - s.from) / 1440) * 100}%`,
                      background: 'var(--mantine-color-steel-5)',
                      borderRadius: 2,
                    }}
                  />
                </Tooltip>
              ))}
              {date === today && (
                <Tooltip label={`now ${clock(now.minuteOfDay)}`} withArrow>
                  <Box
                    data-testid="now-line"
                    style={{
                      position: 'absolute',
                      top: 0,
                      bottom: 0,
                      left: `${(now.minuteOfDay / 1440) * 100}%`,
                      width: 2,
                      background: 'var(--mantine-color-red-6)',
                    }}
                  />
                </Tooltip>
              )}
            </Box>
            <Text w={70} fz="xs" ta="right" c={minutes ? undefined : 'dimmed'}>
              {(minutes / 60).toFixed(1)} h
            </Text>
          </Group>
        );
      })}
      <Group justify="flex-end" mt={6}>
        <Text fz="xs" c="dimmed">
          Week total <b>{(total / 60).toFixed(1)} h</b> · times in {timeZone}
        </Text>
      </Group>
    </Box>
  );
}
