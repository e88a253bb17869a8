/**
 * The planning board: every machine's scheduled operations on one canvas timeline, a search
 * that jumps to an order's or job's operations, the selected operation's details beside it,
 * and the capacity load per work center below, the bottleneck marked.
 *
 * The page loads a window of the plan (weeks around what is shown) and loads the next one
 * when the view is moved near its edge; the canvas keeps drawing the old one meanwhile.
 *
 * A planner (ProductionJob write) drags a planned or released operation to another time, to
 * another machine of its work center or to a machine of an alternative work center its routing
 * names; on drop the move is previewed (nothing written) in the side panel and applied or
 * discarded there (Escape discards). An applied move pins the operation; the details panel
 * pins or unpins one.
 */
import { ActionIcon, Button, Group, Paper, SegmentedControl, Text, TextInput } from '@mantine/core';
import type { BoardOperation, LoadBucket } from '@takt/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';
import {
  applyMove,
  type BoardWindow,
  capacityLoadQuery,
  pinOperation,
  planningBoardQuery,
  previewMove,
  unpinOperation,
} from './board-api';
import { buildBoardModel, type ColorMode, findOperations, statusColors } from './board-model';
import { CapacityHeatmap } from './capacity-heatmap';
import { type BarDrop, GanttCanvas, type GanttGhost, type GanttHandle, rangeAround } from './gantt-canvas';
import { MovePanel, type PendingMove } from './move-panel';
import { OperationDetails } from './operation-details';
import { plantClock } from './plant-clock';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Largest window the server gives at once (MAX_BOARD_DAYS), less a margin. */
const MAX_WINDOW_DAYS = 390;

const zoomPresets: { label: string; days: number }[] = [
  { label: '8 h', days: 1 / 3 },
  { label: 'Day', days: 1 },
  { label: 'Week', days: 7 },
  { label: '4 weeks', days: 28 },
  { label: 'Quarter', days: 91 },
];

const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/** The plan to load for a visible range: a month before it, two after, whole UTC days. */
function windowFor(fromMs: number, toMs: number): BoardWindow {
  const from = dayStart(fromMs - 30 * DAY_MS);
  const to = Math.min(dayStart(toMs + 61 * DAY_MS), from + MAX_WINDOW_DAYS * DAY_MS);
  return { from: iso(from), to: iso(to) };
}

export function PlanningBoardPage() {
  const search = useSearch({ from: '/signed-in/planning/board' });
  const navigate = useNavigate({ from: '/planning/board' });
  const initial = useMemo(() => rangeAround(Date.now(), 14), []);
  const [planWindow, setPlanWindow] = useState<BoardWindow>(() => windowFor(initial.fromMs, initial.toMs));
  const [visible, setVisible] = useState(initial);
  const [colorMode, setColorMode] = useState<ColorMode>('order');
  const [bucket, setBucket] = useState<LoadBucket>('day');
  const [selected, setSelected] = useState<BoardOperation | null>(null);
  const [text, setText] = useState(search.q ?? '');
  const [query, setQuery] = useState(search.q ?? '');
  const gantt = useRef<GanttHandle>(null);
  const queryClient = useQueryClient();
  const mayMove = useCan('write', 'ProductionJob');
  const [move, setMove] = useState<PendingMove | null>(null);
  const preview = useMutation({ mutationFn: previewMove });
  const apply = useMutation({
    mutationFn: applyMove,
    onSuccess: async (applied) => {
      await queryClient.invalidateQueries({ queryKey: ['planning'] });
      setMove(null);
      preview.reset();
      setSelected((s) => (s?.id === applied.operation.id ? null : s));
    },
  });

  const pin = useMutation({
    mutationFn: ({ operationId, pinned }: { operationId: string; pinned: boolean }) =>
      pinned ? pinOperation(operationId) : unpinOperation(operationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['planning', 'board'] }),
  });

  const board = useQuery({ ...planningBoardQuery(planWindow), placeholderData: keepPreviousData });
  const model = useMemo(() => {
    if (!board.data) return null;
    const built = buildBoardModel(board.data);
    performance.mark('takt-board:model', { detail: { operations: built.operations.length } });
    return built;
  }, [board.data]);

  const hits = useMemo(() => (model && query ? findOperations(model, query) : []), [model, query]);
  const highlighted = useMemo(
    () => (query && model ? new Set(hits.map((i) => model.operations[i].id)) : null),
    [hits, model, query],
  );

  // the first time the plan is there: when little of the coming work is in the first view,
  // widen it (up to six weeks) until it shows a quarter of it, now still on the left
  const opened = useRef(false);
  useEffect(() => {
    if (!model || opened.current || query) return;
    opened.current = true;
    const coming: number[] = [];
    for (let i = 0; i < model.operations.length; i++)
      if (model.end[i] > model.nowMs) coming.push(model.setupStart[i]);
    if (coming.length === 0) return;
    coming.sort((a, b) => a - b);
    const quarter = coming[Math.min(coming.length - 1, Math.max(10, Math.floor(coming.length / 4)))];
    if (quarter <= initial.toMs) return;
    const to = Math.min(quarter + 2 * DAY_MS, initial.fromMs + 42 * DAY_MS);
    gantt.current?.showRange(initial.fromMs, to);
  }, [model, query, initial]);

  // jump to the hits of a new search once the plan is there
  const jumped = useRef('');
  useEffect(() => {
    if (!model || !query || jumped.current === query || hits.length === 0) return;
    jumped.current = query;
    gantt.current?.reveal(hits.map((i) => model.operations[i].id));
  }, [model, query, hits]);

  const submitSearch = (q: string) => {
    const trimmed = q.trim();
    jumped.current = '';
    setQuery(trimmed);
    navigate({ search: (s) => ({ ...s, q: trimmed || undefined }), replace: true });
  };

  const onViewChange = useCallback((range: { fromMs: number; toMs: number }) => {
    setVisible(range);
    setPlanWindow((w) => {
      const from = Date.parse(w.from);
      const to = Date.parse(w.to);
      const margin = 3 * DAY_MS;
      if (range.fromMs >= from + margin && range.toMs <= to - margin) return w;
      return windowFor(range.fromMs, range.toMs);
    });
  }, []);

  // the load view follows the board: the visible days (at least two weeks), whole plant-local days
  const loadWindow = useMemo((): BoardWindow | null => {
    if (!model) return null;
    const clock = plantClock(model.timeZone);
    const local = (ms: number) => clock.toUtc(Math.floor(clock.toLocal(ms) / DAY_MS) * DAY_MS);
    const from = local(visible.fromMs);
    const days = bucket === 'day' ? 14 : 56;
    const maxDays = bucket === 'day' ? 92 : 364;
    const to = local(
      Math.min(Math.max(visible.toMs, from + days * DAY_MS), from + maxDays * DAY_MS) + DAY_MS,
    );
    return { from: iso(from), to: iso(to) };
  }, [model, visible, bucket]);
  const load = useQuery({
    ...capacityLoadQuery(loadWindow ?? { from: '', to: '' }, bucket),
    enabled: loadWindow !== null,
    placeholderData: keepPreviousData,
  });

  const requestPreview = useCallback(
    (m: PendingMove) => {
      apply.reset();
      preview.mutate({
        operationId: m.operationId,
        workCenterId: m.workCenterId,
        machineIndex: m.machineIndex,
        start: new Date(m.setupStartMs).toISOString(),
      });
    },
    [apply.reset, preview.mutate],
  );
  const onBarDrop = useCallback(
    (op: BoardOperation, drop: BarDrop) => {
      const i = model?.indexOf.get(op.id);
      if (!model || i === undefined) return;
      const row = model.rows.find(
        (r) =>
          r.kind === 'machine' && r.workCenterId === drop.workCenterId && r.machine === drop.machineIndex,
      );
      const m: PendingMove = {
        operationId: op.id,
        jobNumber: op.jobNumber,
        operationNumber: op.operationNumber,
        workCenterId: drop.workCenterId,
        machineIndex: drop.machineIndex,
        machineCode: row?.label ?? '',
        setupStartMs: drop.setupStartMs,
        endMs: drop.setupStartMs + (model.end[i] - model.setupStart[i]),
      };
      setMove(m);
      requestPreview(m);
    },
    [model, requestPreview],
  );
  const discard = useCallback(() => {
    setMove(null);
    preview.reset();
    apply.reset();
  }, [preview.reset, apply.reset]);
  // Escape discards a previewed move
  useEffect(() => {
    if (!move) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !apply.isPending) discard();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, discard, apply.isPending]);
  // the side panel narrows the canvas: keep the ghost in view
  useEffect(() => {
    if (!move) return;
    const timer = setTimeout(() => {
      const r = gantt.current?.visibleRange();
      if (!r) return;
      const span = r.toMs - r.fromMs;
      const margin = span * 0.1;
      if (move.endMs + margin > r.toMs || move.setupStartMs - margin < r.fromMs) {
        const shift =
          move.endMs + margin > r.toMs ? move.endMs + margin - r.toMs : move.setupStartMs - margin - r.fromMs;
        gantt.current?.showRange(r.fromMs + shift, r.toMs + shift);
      }
    }, 80);
    return () => clearTimeout(timer);
  }, [move]);
  const canDrag = useCallback(
    (op: BoardOperation) => mayMove && !move && (op.status === 'planned' || op.status === 'released'),
    [mayMove, move],
  );
  const ghost = useMemo((): GanttGhost | null => {
    if (!move) return null;
    const after = preview.data?.operation.after;
    return after
      ? {
          operationId: move.operationId,
          workCenterId: move.workCenterId,
          machineIndex: after.machineIndex,
          setupStartMs: Date.parse(after.setupStart),
          endMs: Date.parse(after.end),
        }
      : move;
  }, [move, preview.data]);

  const current =
    selected && model ? (model.operations[model.indexOf.get(selected.id) ?? -1] ?? selected) : selected;
  const selectedIndex = current && model ? model.indexOf.get(current.id) : undefined;

  if (board.isPending) return <PageLoader />;
  if (board.isError && !board.data)
    return <ErrorNotice error={board.error} onRetry={() => board.refetch()} />;
  const timeZone = board.data.timeZone;

  return (
    <>
      <PageHeader
        title="Planning board"
        subtitle={`Every machine's scheduled operations · drag to pan, wheel to zoom, click for details · times in ${timeZone}`}
        actions={
          <AnchorLink to="/planning/scenarios" fz="sm" data-testid="board-scenarios-link">
            What-if scenarios
          </AnchorLink>
        }
      />
      <Paper withBorder radius="sm" bg="white" p="xs" mb="sm">
        <Group gap="sm" justify="space-between">
          <Group gap="sm">
            <TextInput
              placeholder="Order or job number"
              aria-label="Find an order or job"
              data-testid="board-search"
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                if (!e.currentTarget.value) submitSearch('');
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') submitSearch(text);
              }}
              w={220}
              size="sm"
            />
            <Button size="sm" variant="default" onClick={() => submitSearch(text)}>
              Find
            </Button>
            {query && (
              <Text
                fz="sm"
                c={hits.length ? 'dimmed' : 'red'}
                data-testid="board-search-result"
                data-hits={hits.length}
              >
                {hits.length
                  ? `${hits.length} operation${hits.length === 1 ? '' : 's'} of ${query}`
                  : `${query}: no operations between ${board.data.from.slice(0, 10)} and ${board.data.to.slice(0, 10)}`}
              </Text>
            )}
          </Group>
          <Group gap="sm">
            <SegmentedControl
              size="xs"
              value={colorMode}
              onChange={(v) => setColorMode(v as ColorMode)}
              data={[
                { value: 'order', label: 'By order' },
                { value: 'status', label: 'By status' },
                { value: 'late', label: 'Late' },
              ]}
              aria-label="Colour bars"
              data-testid="board-color-mode"
            />
            <Group gap={2}>
              <ActionIcon
                variant="default"
                size="md"
                aria-label="Zoom out"
                onClick={() => gantt.current?.zoom(1.6)}
              >
                −
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="md"
                aria-label="Zoom in"
                onClick={() => gantt.current?.zoom(1 / 1.6)}
              >
                +
              </ActionIcon>
            </Group>
            <Group gap={2}>
              {zoomPresets.map((p) => (
                <Button
                  key={p.label}
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    const r = gantt.current?.visibleRange();
                    const mid = r ? (r.fromMs + r.toMs) / 2 : Date.now();
                    gantt.current?.showRange(mid - (p.days * DAY_MS) / 2, mid + (p.days * DAY_MS) / 2);
                  }}
                >
                  {p.label}
                </Button>
              ))}
            </Group>
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              onClick={() => {
                const r = gantt.current?.visibleRange();
                const span = r ? r.toMs - r.fromMs : 7 * DAY_MS;
                const now = Date.parse(board.data.now);
                gantt.current?.showRange(now - span * 0.2, now + span * 0.8);
              }}
            >
              Now
            </Button>
          </Group>
        </Group>
        <ColorLegend mode={colorMode} />
      </Paper>
      <div style={{ display: 'flex', gap: 'var(--mantine-spacing-sm)', alignItems: 'stretch' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <GanttCanvas
            model={model}
            colorMode={colorMode}
            selectedId={current?.id ?? null}
            highlightedIds={highlighted}
            onSelect={setSelected}
            canDrag={canDrag}
            onBarDrop={onBarDrop}
            ghost={ghost}
            onViewChange={onViewChange}
            initialRange={initial}
            height="max(440px, calc(100vh - 420px))"
            handleRef={gantt}
          />
          <Text fz={11} c="dimmed" mt={4}>
            {model
              ? `${model.operations.length} operations on ${model.rows.filter((r) => r.kind === 'machine').length} machines loaded`
              : ''}
            {board.isFetching ? ' · loading…' : ''}
            {
              ' · hatched: setup · red outline: the job ends after its due date · shaded: no shift · pin: kept by re-plans'
            }
            {mayMove ? ' · drag a planned bar to move it' : ''}
          </Text>
        </div>
        {move && model && (
          <Paper withBorder radius="sm" bg="white" p="md" w={380} style={{ flex: 'none' }}>
            <MovePanel
              move={move}
              preview={preview.data}
              error={apply.error ?? preview.error}
              previewing={preview.isPending}
              applying={apply.isPending}
              clock={plantClock(timeZone)}
              onApply={() => {
                if (!preview.data) return;
                apply.mutate({
                  operationId: move.operationId,
                  workCenterId: move.workCenterId,
                  machineIndex: move.machineIndex,
                  start: new Date(move.setupStartMs).toISOString(),
                  planFingerprint: preview.data.planFingerprint,
                  previewedAt: preview.data.previewedAt,
                });
              }}
              onDiscard={discard}
              onRetry={() => requestPreview(move)}
            />
          </Paper>
        )}
        {!move && current && model && (
          <Paper withBorder radius="sm" bg="white" p="md" w={330} style={{ flex: 'none' }}>
            <OperationDetails
              op={current}
              machine={selectedIndex !== undefined ? model.machineOf[selectedIndex] : ''}
              workCenter={
                selectedIndex !== undefined
                  ? (() => {
                      const row = model.rows[model.rowOf[selectedIndex]];
                      const header = model.rows.find(
                        (r) => r.kind === 'work-center' && r.workCenterId === row.workCenterId,
                      );
                      return header ? `${header.label} ${header.detail}` : '';
                    })()
                  : ''
              }
              timeZone={timeZone}
              onClose={() => setSelected(null)}
              pinning={
                mayMove && (current.status === 'planned' || current.status === 'released')
                  ? {
                      onPin: (pinned) => pin.mutate({ operationId: current.id, pinned }),
                      pending: pin.isPending,
                      error: pin.error,
                    }
                  : null
              }
            />
          </Paper>
        )}
      </div>
      <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
        <Panel padding={0}>
          {load.data ? (
            <CapacityHeatmap
              load={load.data}
              bucket={bucket}
              onBucket={setBucket}
              onPick={({ fromMs, toMs }) =>
                gantt.current?.showRange(fromMs - 2 * HOUR_MS, toMs + 2 * HOUR_MS)
              }
            />
          ) : load.isError ? (
            <ErrorNotice error={load.error} onRetry={() => load.refetch()} />
          ) : (
            <PageLoader />
          )}
        </Panel>
      </div>
    </>
  );
}

function ColorLegend({ mode }: { mode: ColorMode }) {
  const items: [string, string][] =
    mode === 'status'
      ? (Object.entries(statusColors) as [string, string][])
      : mode === 'late'
        ? [
            ['on time', '#5c7cfa'],
            ['late', '#e03131'],
          ]
        : [];
  if (items.length === 0)
    return (
      <Text fz={11} c="dimmed" mt={6}>
        One colour per sales order (work for stock: per job). Done work is faded; a dark foot marks work
        running now.
      </Text>
    );
  return (
    <Group gap="md" mt={6}>
      {items.map(([label, color]) => (
        <Group key={label} gap={4}>
          <span
            style={{ width: 12, height: 12, background: color, borderRadius: 2, display: 'inline-block' }}
          />
          <Text fz={11} c="dimmed">
            {label}
          </Text>
        </Group>
      ))}
    </Group>
  );
}
