/**
 * Edits a calendar's rules (PATCH /api/calendars/:id with If-Match): weekly shifts, holidays
 * and exceptions, each a table of rows; the rows are sent in the order shown, so an issue the
 * server names by index (`shifts.3`: overlapping shifts) lands on its row. Every work center on
 * the calendar follows the change; the week view refreshes after saving.
 */
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type Calendar, calendar as calendarSchema } from '@takt/contracts';
import { type FormEvent, type ReactNode, useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { rowInputs } from '../../ui/problem-form-errors';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { calendarQuery } from './resources-api';

const weekdayOptions = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label, i) => ({
  value: String(i + 1),
  label,
}));

interface ShiftRow {
  key: string;
  weekday: string;
  start: string;
  end: string;
}
interface HolidayRow {
  key: string;
  date: string;
  name: string;
}
interface ExceptionRow {
  key: string;
  date: string;
  closed: boolean;
  /** as typed: "06:00–14:00, 14:00–18:00" */
  shifts: string;
  note: string;
}
interface Draft {
  shifts: ShiftRow[];
  holidays: HolidayRow[];
  exceptions: ExceptionRow[];
}

let rowKeys = 0;
const key = () => `row-${++rowKeys}`;

const draftOf = (c: Calendar): Draft => ({
  shifts: [...c.shifts]
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
    .map((s) => ({ key: key(), weekday: String(s.weekday), start: s.start, end: s.end })),
  holidays: [...c.holidays]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((h) => ({ key: key(), date: h.date, name: h.name })),
  exceptions: [...c.exceptions]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((x) => ({
      key: key(),
      date: x.date,
      closed: x.closed,
      shifts: x.shifts.map((s) => `${s.start}–${s.end}`).join(', '),
      note: x.note,
    })),
});

/** "06:00–14:00, 14:00-18:00" as shift times; the server checks what each piece says. */
function shiftTimesOf(text: string): { start: string; end: string }[] {
  return text
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const [start, end = ''] = piece.split(/\s*[–—-]\s*/);
      return { start, end };
    });
}

const bodyOf = (d: Draft) => ({
  shifts: d.shifts.map((s) => ({ weekday: Number(s.weekday), start: s.start.trim(), end: s.end.trim() })),
  holidays: d.holidays.map((h) => ({ date: h.date, name: h.name })),
  exceptions: d.exceptions.map((x) => ({
    date: x.date,
    closed: x.closed,
    shifts: x.closed ? [] : shiftTimesOf(x.shifts),
    note: x.note,
  })),
});

export function CalendarEditForm({ calendar, onDone }: { calendar: Calendar; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(calendar));
  const saving = useVersionedSave({
    record: calendar,
    url: `/api/calendars/${calendar.id}`,
    schema: calendarSchema,
    inputs: [
      ...rowInputs('shifts', draft.shifts.length, ['weekday', 'start', 'end']),
      ...rowInputs('holidays', draft.holidays.length, ['date', 'name']),
      ...rowInputs('exceptions', draft.exceptions.length, ['date', 'closed', 'shifts', 'note']),
    ],
    queryKey: calendarQuery(calendar.id).queryKey,
    // the calendar's working time, and the list the work center form chooses from
    invalidate: ['calendars'],
    onSaved: onDone,
  });
  const errors = saving.errors.fields;
  const setRow =
    <L extends keyof Draft>(list: L, i: number) =>
    (change: Partial<Draft[L][number]>) =>
      setDraft((d) => ({ ...d, [list]: d[list].map((row, j) => (j === i ? { ...row, ...change } : row)) }));
  const removeRow = (list: keyof Draft, i: number) =>
    setDraft((d) => ({ ...d, [list]: d[list].filter((_, j) => j !== i) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save(bodyOf(draft));
  }

  return (
    <form onSubmit={submit} noValidate data-testid="calendar-edit-form">
      <FormErrorAlert
        errors={saving.errors}
        onReload={async () => setDraft(draftOf(await saving.reload()))}
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section
          title="Weekly shifts"
          hint="a shift that ends at or before its start runs past midnight"
          add={() =>
            setDraft((d) => ({
              ...d,
              shifts: [...d.shifts, { key: key(), weekday: '1', start: '', end: '' }],
            }))
          }
          addLabel="Add shift"
        >
          <RowsTable head={['Day', 'Start', 'End']} testId="shift-rows">
            {draft.shifts.map((s, i) => (
              <Row
                key={s.key}
                testId="shift-row"
                columns={4}
                error={errors[`shifts.${i}`]}
                onRemove={() => removeRow('shifts', i)}
                removeLabel={`Remove shift ${i + 1}`}
              >
                <Select
                  size="xs"
                  aria-label={`Day of shift ${i + 1}`}
                  name={`shifts.${i}.weekday`}
                  data={weekdayOptions}
                  value={s.weekday}
                  onChange={(v) => v && setRow('shifts', i)({ weekday: v })}
                  allowDeselect={false}
                  error={errors[`shifts.${i}.weekday`]}
                />
                <TimeText
                  label={`Start of shift ${i + 1}`}
                  name={`shifts.${i}.start`}
                  value={s.start}
                  onChange={(start) => setRow('shifts', i)({ start })}
                  error={errors[`shifts.${i}.start`]}
                />
                <TimeText
                  label={`End of shift ${i + 1}`}
                  name={`shifts.${i}.end`}
                  value={s.end}
                  onChange={(end) => setRow('shifts', i)({ end })}
                  error={errors[`shifts.${i}.end`]}
                />
              </Row>
            ))}
          </RowsTable>
        </Section>
        <Stack gap="lg">
          <Section
            title="Holidays"
            add={() =>
              setDraft((d) => ({ ...d, holidays: [...d.holidays, { key: key(), date: '', name: '' }] }))
            }
            addLabel="Add holiday"
          >
            <RowsTable head={['Date', 'Holiday']} testId="holiday-rows">
              {draft.holidays.map((h, i) => (
                <Row
                  key={h.key}
                  testId="holiday-row"
                  columns={3}
                  error={errors[`holidays.${i}`]}
                  onRemove={() => removeRow('holidays', i)}
                  removeLabel={`Remove holiday ${i + 1}`}
                >
                  <TextInput
                    size="xs"
                    type="date"
                    aria-label={`Date of holiday ${i + 1}`}
                    name={`holidays.${i}.date`}
                    value={h.date}
                    onChange={(e) => setRow('holidays', i)({ date: e.currentTarget.value })}
                    error={errors[`holidays.${i}.date`]}
                  />
                  <TextInput
                    size="xs"
                    aria-label={`Name of holiday ${i + 1}`}
                    name={`holidays.${i}.name`}
                    value={h.name}
                    onChange={(e) => setRow('holidays', i)({ name: e.currentTarget.value })}
                    error={errors[`holidays.${i}.name`]}
                  />
                </Row>
              ))}
            </RowsTable>
          </Section>
          <Section
            title="Exceptions"
            hint="a closed day, or other shifts that day, e.g. 06:00–12:00"
            add={() =>
              setDraft((d) => ({
                ...d,
                exceptions: [...d.exceptions, { key: key(), date: '', closed: true, shifts: '', note: '' }],
              }))
            }
            addLabel="Add exception"
          >
            <RowsTable head={['Date', 'Closed', 'Shifts that day', 'Note']} testId="exception-rows">
              {draft.exceptions.map((x, i) => (
                <Row
                  key={x.key}
                  testId="exception-row"
                  columns={5}
                  error={errors[`exceptions.${i}`]}
                  onRemove={() => removeRow('exceptions', i)}
                  removeLabel={`Remove exception ${i + 1}`}
                >
                  <TextInput
                    size="xs"
                    type="date"
                    aria-label={`Date of exception ${i + 1}`}
                    name={`exceptions.${i}.date`}
                    value={x.date}
                    onChange={(e) => setRow('exceptions', i)({ date: e.currentTarget.value })}
                    error={errors[`exceptions.${i}.date`]}
                  />
                  <Checkbox
                    mt={6}
                    aria-label={`Closed on exception ${i + 1}`}
                    name={`exceptions.${i}.closed`}
                    checked={x.closed}
                    onChange={(e) => setRow('exceptions', i)({ closed: e.currentTarget.checked })}
                    error={errors[`exceptions.${i}.closed`]}
                  />
                  <TextInput
                    size="xs"
                    aria-label={`Shifts of exception ${i + 1}`}
                    name={`exceptions.${i}.shifts`}
                    placeholder={x.closed ? 'closed' : '06:00–12:00'}
                    disabled={x.closed}
                    value={x.shifts}
                    onChange={(e) => setRow('exceptions', i)({ shifts: e.currentTarget.value })}
                    error={errors[`exceptions.${i}.shifts`]}
                    className="takt-mono"
                  />
                  <TextInput
                    size="xs"
                    aria-label={`Note of exception ${i + 1}`}
                    name={`exceptions.${i}.note`}
                    value={x.note}
                    onChange={(e) => setRow('exceptions', i)({ note: e.currentTarget.value })}
                    error={errors[`exceptions.${i}.note`]}
                  />
                </Row>
              ))}
            </RowsTable>
          </Section>
        </Stack>
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={saving.pending}>
          Save calendar
        </Button>
      </Group>
    </form>
  );
}

/** An HH:MM time as typed; the server says when it is not one. */
function TimeText(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <TextInput
      size="xs"
      aria-label={props.label}
      name={props.name}
      placeholder="HH:MM"
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
      className="takt-mono"
    />
  );
}

function Section({
  title,
  hint,
  add,
  addLabel,
  children,
}: {
  title: string;
  hint?: string;
  add: () => void;
  addLabel: string;
  children: ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fz="sm" fw={600}>
          {title}
          {hint && (
            <Text span fz="xs" c="dimmed" fw={400} ml={6}>
              {hint}
            </Text>
          )}
        </Text>
        <Button size="compact-xs" variant="default" onClick={add}>
          {addLabel}
        </Button>
      </Group>
      {children}
    </Stack>
  );
}

function RowsTable({ head, testId, children }: { head: string[]; testId: string; children: ReactNode[] }) {
  return (
    <Table className="takt-table" verticalSpacing={3} highlightOnHover={false} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h}>{h}</Table.Th>
          ))}
          <Table.Th w={36} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {children}
        {children.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={head.length + 1}>
              <Text c="dimmed" fz="sm" ta="center" py={4}>
                None.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** One editable row; an issue the server names for the whole row shows under it, in red. */
function Row({
  testId,
  columns,
  error,
  onRemove,
  removeLabel,
  children,
}: {
  testId: string;
  columns: number;
  error?: string;
  onRemove: () => void;
  removeLabel: string;
  children: ReactNode[];
}) {
  return (
    <>
      <Table.Tr
        data-testid={testId}
        data-invalid={error ? 'true' : undefined}
        style={{
          verticalAlign: 'top',
          background: error ? 'var(--mantine-color-red-0)' : undefined,
        }}
      >
        {children.map((cell, i) => (
          // the cells of a row never move
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
          <Table.Td key={i}>{cell}</Table.Td>
        ))}
        <Table.Td>
          <ActionIcon variant="subtle" color="gray" mt={2} aria-label={removeLabel} onClick={onRemove}>
            ×
          </ActionIcon>
        </Table.Td>
      </Table.Tr>
      {error && (
        <Table.Tr data-testid={`${testId}-error`} style={{ background: 'var(--mantine-color-red-0)' }}>
          <Table.Td colSpan={columns} pt={0}>
            <Text fz="xs" c="red" role="alert">
              {error}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
