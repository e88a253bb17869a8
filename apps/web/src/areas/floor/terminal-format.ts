/** How the terminal names and colours an operation's status, and shows a time. */
import type { OperationDetail } from './terminal-api';

type Status = OperationDetail['status'];

export const operationStatusLabel: Record<Status, string> = {
  planned: 'planned',
  released: 'to do',
  setup: 'in setup',
  running: 'running',
  paused: 'paused',
  done: 'done',
};

export const operationStatusColor: Record<Status, string> = {
  planned: 'gray',
  released: 'indigo',
  setup: 'grape',
  running: 'green',
  paused: 'orange',
  done: 'teal',
};

const DAY_MS = 86_400_000;

/**
 * "Tue 14:30" in the plant's time zone for a time from two days back to four days ahead (a
 * window in which each weekday names one day), else "15 Dec, 14:30": an operation planned two
 * weeks out must not read as this week's. '—' when there is no time.
 */
export function shortTime(iso: string | null, timeZone: string, now: Date = new Date()): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const ahead = at.getTime() - now.getTime();
  const thisWeek = ahead >= -2 * DAY_MS && ahead <= 4 * DAY_MS;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    ...(thisWeek ? { weekday: 'short' } : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
