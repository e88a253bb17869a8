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

/** "Tue 14:30" in the plant's time zone; '—' when there is no time. */
export function shortTime(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
