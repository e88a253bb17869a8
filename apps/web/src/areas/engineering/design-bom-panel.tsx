/**
 * The BOM of a project's item while it is designed: each line of the working draft next to the
 * revision in force, placeholders marked (estimated cost and lead time), and for each released
 * line the revision it came in with. Long-lead lines are picked and released for procurement
 * (a partial release: a new revision, MRP buys them for the project's line now); a placeholder is
 * replaced by the designed part (an engineering change when it is released already); after an
 * implemented change, the revision in force is taken over into the draft in one step.
 */
import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { type Bom, bom as bomSchema, partialReleaseResult } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { z } from 'zod';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatMoney, formatQuantity } from '../../ui/format';
import { ErrorNotice } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { bomsQuery } from './catalog-api';
import { type DesignBom, type DesignBomLine, designBomQuery } from './design-bom-api';
import { AddLineModal, PlaceholderModal, ReplaceLineModal } from './design-bom-dialogs';

type Dialog = { kind: 'line' } | { kind: 'placeholder' } | { kind: 'replace'; line: DesignBomLine } | null;

const stateLabels: Record<DesignBomLine['state'], string> = {
  'draft-only': 'in design',
  released: 'released',
  changed: 'changed since release',
  'released-only': 'released, not in the draft',
};
const stateColors: Record<DesignBomLine['state'], string> = {
  'draft-only': 'gray',
  released: 'green',
  changed: 'orange',
  'released-only': 'red',
};

const linesInputOf = (lines: Bom['lines']) =>
  lines.map((l) => ({
    position: l.position,
    childItemId: l.childItemId,
    quantityPer: l.quantityPer,
    uom: l.uom,
    scrapFactor: l.scrapFactor,
    operationNumber: l.operationNumber,
    condition: l.condition,
    quantityFormula: l.quantityFormula,
  }));

export function DesignBomPanel({ itemId, projectId }: { itemId: string; projectId: string }) {
  const view = useQuery(designBomQuery(itemId));
  const revisions = useQuery(bomsQuery(itemId));
  const canWrite = useCan('write', 'Bom');
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['items', itemId] });
    await queryClient.invalidateQueries({ queryKey: ['projects', projectId] });
  };
  const startDraft = useMutation({
    mutationFn: () => {
      const released = revisions.data?.find((b) => b.status === 'released');
      return api.post(
        `/api/items/${itemId}/boms`,
        { lines: linesInputOf(released?.lines ?? []) },
        { schema: bomSchema },
      );
    },
    onMutate: () => setErrors(noFormErrors),
    onSuccess: refresh,
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const release = useMutation({
    mutationFn: (draft: NonNullable<DesignBom['draft']>) =>
      api.post(
        `/api/boms/${draft.id}/partial-release`,
        { version: draft.version, positions: selected, projectId },
        { schema: partialReleaseResult },
      ),
    onMutate: () => {
      setErrors(noFormErrors);
      setNotice(null);
    },
    onSuccess: async (result: z.infer<typeof partialReleaseResult>) => {
      setSelected([]);
      const reqs = result.replanned.createdRequisitions;
      setNotice(
        <>
          Released revision {result.bom.revision} for procurement (positions{' '}
          {result.release.positions.join(', ')}
          ).{' '}
          {reqs.length > 0
            ? `MRP planned ${reqs.length === 1 ? 'a requisition' : `${reqs.length} requisitions`} for the project's line: ${reqs.join(', ')}.`
            : 'Nothing new to buy for the project’s line.'}
        </>,
      );
      await refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });

  // after an implemented change the draft may still hold what the change replaced
  const takeOver = useMutation({
    mutationFn: (draft: NonNullable<DesignBom['draft']>) =>
      api.post(
        `/api/boms/${draft.id}/take-over-revision-in-force`,
        { version: draft.version },
        { schema: bomSchema },
      ),
    onMutate: () => {
      setErrors(noFormErrors);
      setNotice(null);
    },
    onSuccess: async (bom: Bom) => {
      setSelected([]);
      setNotice(<>Draft {bom.revision} now holds the revision in force; lines still in design stayed.</>);
      await refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });

  if (view.isError) return <ErrorNotice error={view.error} onRetry={() => view.refetch()} />;
  if (!view.data) return <Panel title="Design BOM">Loading…</Panel>;
  const d = view.data;
  const draft = d.draft;
  const fullDraft = draft ? revisions.data?.find((b) => b.id === draft.id) : undefined;
  const releasable = (l: DesignBomLine) => !!l.draft && l.state !== 'released';
  const toggle = (position: number, on: boolean) =>
    setSelected((s) => (on ? [...s, position].sort((a, b) => a - b) : s.filter((p) => p !== position)));

  return (
    <Panel
      title={
        <>
          Design BOM{' '}
          <Text span fz="xs" c="dimmed" fw={400}>
            {draft ? `working draft ${draft.revision}` : 'no working draft'} ·{' '}
            {d.released ? `revision ${d.released.revision} in force` : 'nothing released yet'}
          </Text>
        </>
      }
      padding={0}
      testId="design-bom"
      actions={
        canWrite &&
        (draft ? (
          <>
            <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'line' })}>
              Add line
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              color="violet"
              onClick={() => setDialog({ kind: 'placeholder' })}
            >
              Add placeholder
            </Button>
            {d.released && d.lines.some((l) => l.state === 'changed' || l.state === 'released-only') && (
              <Button
                size="compact-xs"
                variant="default"
                color="orange"
                loading={takeOver.isPending}
                onClick={() => takeOver.mutate(draft)}
                data-testid="take-over-in-force"
              >
                Take over revision {d.released.revision} in force
              </Button>
            )}
            <Button
              size="compact-xs"
              disabled={selected.length === 0}
              loading={release.isPending}
              onClick={() => release.mutate(draft)}
              data-testid="release-selected"
            >
              Release {selected.length || ''} for procurement
            </Button>
          </>
        ) : (
          <Button size="compact-xs" loading={startDraft.isPending} onClick={() => startDraft.mutate()}>
            Start the design draft
          </Button>
        ))
      }
    >
      <Stack gap={0}>
        <div style={{ padding: errors.form || notice ? 'var(--mantine-spacing-sm)' : 0 }}>
          <FormErrorAlert errors={errors} onReload={refresh} />
          {notice && (
            <Alert
              color="green"
              variant="light"
              data-testid="design-bom-notice"
              withCloseButton
              onClose={() => setNotice(null)}
            >
              {notice}
            </Alert>
          )}
        </div>
        <Table className="takt-table" data-testid="design-bom-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36} />
              <Table.Th w={60}>Pos</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th w={100} className="takt-num">
                Qty per
              </Table.Th>
              <Table.Th w={100} className="takt-num">
                Lead time
              </Table.Th>
              <Table.Th w={120} className="takt-num">
                Unit cost
              </Table.Th>
              <Table.Th w={230}>Released</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.lines.map((l) => {
              const side = l.draft ?? l.released!;
              return (
                <Table.Tr
                  key={l.position}
                  data-testid="design-bom-line"
                  data-position={l.position}
                  data-state={l.state}
                  data-placeholder={l.child.placeholder ? 'true' : undefined}
                  style={l.child.placeholder ? { background: 'var(--mantine-color-violet-0)' } : undefined}
                >
                  <Table.Td>
                    {canWrite && releasable(l) && (
                      <Checkbox
                        size="xs"
                        aria-label={`Release position ${l.position}`}
                        checked={selected.includes(l.position)}
                        onChange={(e) => toggle(l.position, e.currentTarget.checked)}
                      />
                    )}
                  </Table.Td>
                  <Table.Td className="takt-mono">{l.position}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <AnchorLink
                        to="/items/$itemId"
                        params={{ itemId: side.childItemId }}
                        className="takt-mono"
                        fz="sm"
                      >
                        {side.childNumber}
                      </AnchorLink>
                      {l.child.placeholder && (
                        <Badge
                          size="xs"
                          color="violet"
                          variant="light"
                          title="not designed yet: estimated cost and lead time"
                        >
                          placeholder
                        </Badge>
                      )}
                    </Group>
                    <Text fz="xs" c="dimmed" truncate>
                      {side.childName}
                    </Text>
                  </Table.Td>
                  <Table.Td className="takt-num">{formatQuantity(side.quantityPer, side.uom)}</Table.Td>
                  <Table.Td className="takt-num">
                    {l.child.leadTimeDays === null ? '—' : `${formatQuantity(l.child.leadTimeDays)} d`}
                  </Table.Td>
                  <Table.Td className="takt-num">
                    {formatMoney(l.child.standardCost)}
                    {l.child.placeholder && (
                      <Text fz="xs" c="violet.7">
                        estimate
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={stateColors[l.state]} data-testid="line-state">
                      {stateLabels[l.state]}
                    </Badge>
                    {l.releasedIn && (
                      <Text fz="xs" c="dimmed" data-testid="released-in">
                        rev {l.releasedIn.revision} · {l.releasedIn.scope} ·{' '}
                        {formatDate(l.releasedIn.releasedAt)}
                      </Text>
                    )}
                    {l.state === 'changed' && l.released && (
                      <Text fz="xs" c="orange.8">
                        in force: {l.released.childNumber} × {formatQuantity(l.released.quantityPer)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWrite && draft && l.draft && l.child.placeholder && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setDialog({ kind: 'replace', line: l })}
                      >
                        Replace…
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {d.lines.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text c="dimmed" fz="sm" ta="center" py="md">
                    {draft
                      ? 'The draft has no lines yet: add the parts as they are designed, placeholders for those that are not.'
                      : 'Nothing designed yet. Start the design draft to add parts and placeholders.'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        {d.lines.some((l) => l.child.placeholder) && (
          <Text fz="xs" c="dimmed" px="sm" pt="xs">
            Placeholders stand for parts not designed yet: planned and costed at their estimated cost and lead
            time, never ordered; replace each by the designed part.
          </Text>
        )}
        {d.openChanges.length > 0 && (
          <Text fz="xs" p="sm" data-testid="design-bom-changes">
            Open engineering changes:{' '}
            {d.openChanges.map((c, x) => (
              <span key={c.id}>
                {x > 0 && ', '}
                <AnchorLink
                  to="/engineering-changes/$ecoId"
                  params={{ ecoId: c.id }}
                  fz="xs"
                  className="takt-mono"
                >
                  {c.number}
                </AnchorLink>{' '}
                {c.title} ({c.status}, revision {c.proposedRevision})
              </span>
            ))}
          </Text>
        )}
      </Stack>
      {dialog?.kind === 'line' && draft && fullDraft && (
        <AddLineModal draft={fullDraft} onClose={() => setDialog(null)} onSaved={refresh} />
      )}
      {dialog?.kind === 'placeholder' && draft && (
        <PlaceholderModal draft={draft} onClose={() => setDialog(null)} onSaved={refresh} />
      )}
      {dialog?.kind === 'replace' && draft && (
        <ReplaceLineModal
          draft={draft}
          line={dialog.line}
          projectId={projectId}
          onClose={() => setDialog(null)}
          onSaved={async (change) => {
            await refresh();
            if (change)
              setNotice(
                <>
                  {dialog.line.draft?.childNumber} is released in revision {d.released?.revision}: engineering
                  change{' '}
                  <AnchorLink
                    to="/engineering-changes/$ecoId"
                    params={{ ecoId: change.id }}
                    className="takt-mono"
                    data-testid="requested-change"
                  >
                    {change.number}
                  </AnchorLink>{' '}
                  replaces it there once approved and implemented.
                </>,
              );
          }}
        />
      )}
    </Panel>
  );
}
