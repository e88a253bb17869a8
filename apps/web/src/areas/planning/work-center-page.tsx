/**
 * A work center: its capacity and rates, the week of working time its calendar gives
 * (GET /api/calendars/:id/working-time), the calendar's rules (weekly shifts, holidays,
 * exceptions), and the setup matrix that prices changeovers between product families.
 */
import { Badge, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Calendar } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { Fact } from '../../ui/fact';
import { formatDate, formatMinutes, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { WorkingTimeWeek } from '../../ui/working-time-week';
import { addDays, mondayOf, todayIn } from '../../ui/zoned-time';
import { CalendarEditForm } from './calendar-edit-form';
import { calendarQuery, setupMatrixQuery, workCenterQuery, workingTimeQuery } from './resources-api';
import { WorkCenterEditForm } from './work-center-edit-form';
import { rate } from './work-centers-page';

const isoWeekdays = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function WorkCenterPage() {
  const { workCenterId } = useParams({ from: '/signed-in/work-centers/$workCenterId' });
  const workCenter = useQuery(workCenterQuery(workCenterId));
  const calendarId = workCenter.data?.calendarId;
  const calendar = useQuery({ ...calendarQuery(calendarId ?? ''), enabled: Boolean(calendarId) });
  const canWrite = useCan('write', 'WorkCenter');
  const [editing, setEditing] = useState(false);

  if (workCenter.isPending) return <PageLoader />;
  if (workCenter.isError)
    return <ErrorNotice error={workCenter.error} onRetry={() => workCenter.refetch()} />;
  const wc = workCenter.data;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/work-centers" fz="xs" c="dimmed">
            Work centers
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="work-center-code">
              {wc.code}
            </span>{' '}
            <Text span inherit fw={400}>
              {wc.name}
            </Text>
          </>
        }
        actions={
          canWrite &&
          !editing && (
            <Button size="sm" variant="default" onClick={() => setEditing(true)}>
              Edit work center
            </Button>
          )
        }
        badges={
          wc.active ? (
            <Badge size="sm" color="green">
              active
            </Badge>
          ) : (
            <Badge size="sm" color="gray">
              inactive
            </Badge>
          )
        }
      />
      <Stack gap="md">
        <Panel title={editing ? 'Edit work center' : 'Capacity and rates'}>
          {editing ? (
            <WorkCenterEditForm workCenter={wc} onDone={() => setEditing(false)} />
          ) : (
            <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }} spacing="md">
              <Fact label="Machines" testId="fact-machines">
                {wc.machines}
              </Fact>
              {wc.operationsPerMachine > 1 && (
                <Fact label="Operations per machine">{wc.operationsPerMachine} at once</Fact>
              )}
              <Fact label="Efficiency">{formatQuantity(wc.efficiency * 100)} %</Fact>
              <Fact label="Machine rate / h">{formatMoney(rate(wc, 'machine'))}</Fact>
              <Fact label="Labour rate / h">{formatMoney(rate(wc, 'labour'))}</Fact>
              <Fact label="Setup rate / h">{formatMoney(rate(wc, 'setup'))}</Fact>
              <Fact label="Calendar">{wc.calendarName}</Fact>
              <Fact label="Version">{wc.version}</Fact>
            </SimpleGrid>
          )}
        </Panel>
        {calendar.isPending ? (
          <PageLoader />
        ) : calendar.isError ? (
          <ErrorNotice error={calendar.error} onRetry={() => calendar.refetch()} />
        ) : (
          <CalendarPanels calendar={calendar.data} />
        )}
        {wc.setupMatrixId ? (
          <SetupMatrix setupMatrixId={wc.setupMatrixId} />
        ) : (
          <Panel title="Setup matrix">
            <Text c="dimmed" fz="sm">
              No setup matrix: every changeover takes the operation's own setup time.
            </Text>
          </Panel>
        )}
      </Stack>
    </>
  );
}

function CalendarPanels({ calendar }: { calendar: Calendar }) {
  const { week } = useSearch({ from: '/signed-in/work-centers/$workCenterId' });
  const navigate = useNavigate({ from: '/work-centers/$workCenterId' });
  const monday = mondayOf(week ?? todayIn(calendar.timeZone));
  const sunday = addDays(monday, 6);
  const workingTime = useQuery(workingTimeQuery(calendar.id, monday, sunday));
  const marked: Record<string, string> = {};
  for (const h of calendar.holidays) marked[h.date] = h.name || 'holiday';
  for (const x of calendar.exceptions) marked[x.date] = x.note || (x.closed ? 'closed' : 'changed shifts');
  const upcomingHolidays = calendar.holidays.filter((h) => h.date >= monday);
  const pastHolidays = calendar.holidays.length - upcomingHolidays.length;
  const goTo = (date: string | undefined) => navigate({ search: { week: date }, replace: true });
  const canWrite = useCan('write', 'Calendar');
  const [editing, setEditing] = useState(false);

  return (
    <>
      <Panel
        title={
          <>
            Working time · {calendar.name}{' '}
            <Text span fz="xs" c="dimmed" fw={400}>
              week of {formatDate(monday)}
            </Text>
          </>
        }
        testId="calendar-week"
        actions={
          <>
            <Button size="compact-xs" variant="default" onClick={() => goTo(addDays(monday, -7))}>
              ‹ Previous
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => goTo(undefined)}>
              This week
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => goTo(addDays(monday, 7))}>
              Next ›
            </Button>
          </>
        }
      >
        {workingTime.isPending ? (
          <PageLoader />
        ) : workingTime.isError ? (
          <ErrorNotice error={workingTime.error} onRetry={() => workingTime.refetch()} />
        ) : (
          <WorkingTimeWeek
            intervals={workingTime.data.intervals}
            monday={monday}
            timeZone={workingTime.data.timeZone}
            markedDays={marked}
          />
        )}
      </Panel>
      {editing ? (
        <Panel
          title={`Edit calendar · ${calendar.name}`}
          testId="calendar-edit"
          actions={
            <Text fz="xs" c="dimmed">
              every work center on this calendar follows the change
            </Text>
          }
        >
          <CalendarEditForm calendar={calendar} onDone={() => setEditing(false)} />
        </Panel>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
          <Panel
            title="Weekly shifts"
            padding={0}
            testId="weekly-shifts"
            actions={
              canWrite && (
                <Button size="compact-xs" variant="default" onClick={() => setEditing(true)}>
                  Edit calendar
                </Button>
              )
            }
          >
            <SmallTable head={['Day', 'Shifts', 'Hours']} empty="No shifts: the calendar never works.">
              {shiftsByDay(calendar.shifts).map(([weekday, shifts]) => (
                <Table.Tr key={weekday} data-testid="shift-day" data-weekday={isoWeekdays[weekday]}>
                  <Table.Td>{isoWeekdays[weekday]}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {shifts.map((s) => (
                        <Text
                          key={s.start}
                          span
                          fz="sm"
                          className="takt-mono"
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {s.start}–{s.end}
                        </Text>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td className="takt-num">
                    {formatMinutes(shifts.reduce((sum, s) => sum + shiftMinutes(s), 0))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </SmallTable>
          </Panel>
          <Panel
            title="Holidays"
            padding={0}
            actions={
              pastHolidays > 0 && (
                <Text fz="xs" c="dimmed">
                  {pastHolidays} earlier not shown
                </Text>
              )
            }
          >
            <SmallTable head={['Date', 'Holiday']} empty="No holidays ahead.">
              {upcomingHolidays.map((h) => (
                <Table.Tr key={h.date}>
                  <Table.Td>{formatDate(h.date)}</Table.Td>
                  <Table.Td>{h.name || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </SmallTable>
          </Panel>
          <Panel title="Exceptions" padding={0}>
            <SmallTable head={['Date', 'Change', 'Note']} empty="No exceptions.">
              {calendar.exceptions.map((x) => (
                <Table.Tr key={x.date}>
                  <Table.Td>{formatDate(x.date)}</Table.Td>
                  <Table.Td>
                    {x.closed ? (
                      <Badge size="sm" color="orange">
                        closed
                      </Badge>
                    ) : (
                      <Text fz="sm" className="takt-mono">
                        {x.shifts.map((s) => `${s.start}–${s.end}`).join(', ') || '—'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{x.note || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </SmallTable>
          </Panel>
        </SimpleGrid>
      )}
    </>
  );
}

/** Shifts grouped by ISO weekday, Monday first, each day's shifts by start. */
function shiftsByDay(shifts: Calendar['shifts']): [number, Calendar['shifts']][] {
  const days = new Map<number, Calendar['shifts']>();
  for (const s of [...shifts].sort((a, b) => a.start.localeCompare(b.start))) {
    days.set(s.weekday, [...(days.get(s.weekday) ?? []), s]);
  }
  return [...days.entries()].sort(([a], [b]) => a - b);
}

/** A shift that ends at or before its start runs past midnight. */
function shiftMinutes(s: { start: string; end: string }): number {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const length = toMinutes(s.end) - toMinutes(s.start);
  return length > 0 ? length : length + 1440;
}

function SetupMatrix({ setupMatrixId }: { setupMatrixId: string }) {
  const matrix = useQuery(setupMatrixQuery(setupMatrixId));
  if (matrix.isPending) return <PageLoader />;
  if (matrix.isError) return <ErrorNotice error={matrix.error} onRetry={() => matrix.refetch()} />;
  const m = matrix.data;
  const families = [...new Set(m.entries.flatMap((e) => [e.from, e.to]))].sort();
  const minutes = new Map(m.entries.map((e) => [`${e.from}\u0000${e.to}`, e.minutes]));
  return (
    <Panel
      title={`Setup matrix · ${m.name}`}
      padding={0}
      testId="setup-matrix"
      actions={
        <Text fz="xs" c="dimmed">
          minutes from row family to column family · same family {formatMinutes(m.sameFamily)} · first job{' '}
          {formatMinutes(m.initial)} · otherwise {formatMinutes(m.defaultChangeover)}
        </Text>
      }
    >
      {families.length === 0 ? (
        <Text c="dimmed" fz="sm" p="md">
          No family pairs listed: every changeover takes {formatMinutes(m.defaultChangeover)}.
        </Text>
      ) : (
        <Table className="takt-table" withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>from ╲ to</Table.Th>
              {families.map((f) => (
                <Table.Th key={f} className="takt-num">
                  {f}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {families.map((from) => (
              <Table.Tr key={from}>
                <Table.Th>{from}</Table.Th>
                {families.map((to) => {
                  const listed = minutes.get(`${from}\u0000${to}`);
                  const value = listed ?? (from === to ? m.sameFamily : m.defaultChangeover);
                  return (
                    <Table.Td
                      key={to}
                      className="takt-num"
                      c={listed === undefined ? 'dimmed' : undefined}
                      fw={listed === undefined ? 400 : 500}
                    >
                      {formatMinutes(value)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}

function SmallTable({ head, empty, children }: { head: string[]; empty: string; children: ReactNode[] }) {
  return (
    <Table className="takt-table">
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {children}
        {children.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={head.length}>
              <Text c="dimmed" fz="sm" ta="center" py="xs">
                {empty}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
