/**
 * Edits an item's header with optimistic concurrency: the version the user started from goes as
 * If-Match; a 409 offers a reload, and the server's field errors land under their inputs.
 * The server is the one judge of the rules (contracts' updateItemBody), so the form does not
 * second-guess it: it sends what was typed and shows what came back.
 */
import { Button, Group, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { issueMethods, item as itemSchema, lotSizingRules, type updateItemBody } from '@takt/contracts';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { useVersionedSave } from '../../ui/use-versioned-save';
import {
  type Item,
  type ItemKind,
  itemKindLabels,
  itemKinds,
  itemQuery,
  type Strategy,
  strategies,
  strategyLabels,
} from './catalog-api';

const inputs = [
  'name',
  'description',
  'kind',
  'strategy',
  'uom',
  'family',
  'standardCost',
  'leadTimeDays',
  'lotSizing.rule',
  'lotSizing.quantity',
  'safetyStock',
  'reorderPoint',
  'scrapFactor',
  'issueMethod',
] as const;
type LotSizingRule = (typeof lotSizingRules)[number];
type IssueMethod = (typeof issueMethods)[number];
const issueMethodLabels: Record<IssueMethod, string> = {
  manual: 'manual (scanned at the terminal)',
  backflush: 'backflush (with reported parts)',
};

/** A number input's value: a number, or '' while empty. */
type NumberValue = number | string;

interface Draft {
  name: string;
  description: string;
  kind: ItemKind;
  strategy: Strategy;
  uom: string;
  family: string;
  /** in major units (e.g. euros) as typed; sent as minor units */
  standardCost: NumberValue;
  leadTimeDays: NumberValue;
  lotRule: LotSizingRule;
  lotQuantity: NumberValue;
  safetyStock: NumberValue;
  reorderPoint: NumberValue;
  /** in percent as typed; sent as a fraction */
  scrapPercent: NumberValue;
  issueMethod: IssueMethod;
}

const draftOf = (it: Item): Draft => ({
  name: it.name,
  description: it.description ?? '',
  kind: it.kind,
  strategy: it.strategy,
  uom: it.uom,
  family: it.family ?? '',
  standardCost: it.standardCost.amount / 100,
  leadTimeDays: it.leadTimeDays ?? '',
  lotRule: it.lotSizing.rule,
  lotQuantity: it.lotSizing.quantity ?? '',
  safetyStock: it.safetyStock,
  reorderPoint: it.reorderPoint ?? '',
  scrapPercent: Math.round(it.scrapFactor * 10_000) / 100,
  issueMethod: it.issueMethod,
});

const numberOrNull = (v: NumberValue): number | null => (v === '' ? null : Number(v));

function bodyOf(draft: Draft, currency: string): z.input<typeof updateItemBody> & Record<string, unknown> {
  return {
    name: draft.name,
    description: draft.description.trim() === '' ? null : draft.description,
    kind: draft.kind,
    strategy: draft.strategy,
    uom: draft.uom,
    family: draft.family.trim() === '' ? null : draft.family,
    standardCost: { amount: Math.round((numberOrNull(draft.standardCost) ?? 0) * 100), currency },
    leadTimeDays: numberOrNull(draft.leadTimeDays),
    lotSizing: { rule: draft.lotRule, quantity: numberOrNull(draft.lotQuantity) },
    safetyStock: numberOrNull(draft.safetyStock) ?? 0,
    reorderPoint: numberOrNull(draft.reorderPoint),
    scrapFactor: (numberOrNull(draft.scrapPercent) ?? 0) / 100,
    issueMethod: draft.issueMethod,
  };
}

export function ItemEditForm({ item, onDone }: { item: Item; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const saving = useVersionedSave({
    record: item,
    url: `/api/items/${item.id}`,
    schema: itemSchema,
    inputs,
    queryKey: itemQuery(item.id).queryKey,
    invalidate: ['items', 'list'],
    onSaved: onDone,
  });
  const errors = saving.errors;
  const currency = saving.base.standardCost.currency;

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save(bodyOf(draft, currency));
  }

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  return (
    <form onSubmit={submit} noValidate data-testid="item-edit-form">
      <FormErrorAlert errors={errors} onReload={async () => setDraft(draftOf(await saving.reload()))} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        <TextInput
          label="Name"
          name="name"
          value={draft.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errors.fields.name}
          style={{ gridColumn: 'span 2' }}
        />
        <Select
          label="Kind"
          name="kind"
          data={itemKinds.map((k) => ({ value: k, label: itemKindLabels[k] }))}
          value={draft.kind}
          onChange={(v) => v && set('kind')(v as ItemKind)}
          allowDeselect={false}
          error={errors.fields.kind}
        />
        <Select
          label="Strategy"
          name="strategy"
          data={strategies.map((k) => ({ value: k, label: strategyLabels[k] }))}
          value={draft.strategy}
          onChange={(v) => v && set('strategy')(v as Strategy)}
          allowDeselect={false}
          error={errors.fields.strategy}
        />
        <TextInput
          label="Unit"
          name="uom"
          value={draft.uom}
          onChange={(e) => set('uom')(e.currentTarget.value)}
          error={errors.fields.uom}
        />
        <TextInput
          label="Family"
          name="family"
          placeholder="e.g. SHAFT (for setups)"
          value={draft.family}
          onChange={(e) => set('family')(e.currentTarget.value)}
          error={errors.fields.family}
        />
        <NumberInput
          label={`Standard cost (${currency})`}
          name="standardCost"
          value={draft.standardCost}
          onChange={set('standardCost')}
          decimalScale={2}
          error={errors.fields.standardCost}
        />
        <NumberInput
          label="Lead time (days)"
          name="leadTimeDays"
          value={draft.leadTimeDays}
          onChange={set('leadTimeDays')}
          error={errors.fields.leadTimeDays}
        />
        <Select
          label="Lot sizing"
          name="lotSizing.rule"
          data={[...lotSizingRules]}
          value={draft.lotRule}
          onChange={(v) => v && set('lotRule')(v as LotSizingRule)}
          allowDeselect={false}
          error={errors.fields['lotSizing.rule']}
        />
        <NumberInput
          label="Lot quantity"
          name="lotSizing.quantity"
          value={draft.lotQuantity}
          onChange={set('lotQuantity')}
          error={errors.fields['lotSizing.quantity']}
        />
        <NumberInput
          label="Safety stock"
          name="safetyStock"
          value={draft.safetyStock}
          onChange={set('safetyStock')}
          error={errors.fields.safetyStock}
        />
        <NumberInput
          label="Reorder point"
          name="reorderPoint"
          value={draft.reorderPoint}
          onChange={set('reorderPoint')}
          error={errors.fields.reorderPoint}
        />
        <NumberInput
          label="Scrap (%)"
          name="scrapFactor"
          value={draft.scrapPercent}
          onChange={set('scrapPercent')}
          error={errors.fields.scrapFactor}
        />
        <Select
          label="Issue to jobs"
          name="issueMethod"
          data={issueMethods.map((m) => ({ value: m, label: issueMethodLabels[m] }))}
          value={draft.issueMethod}
          onChange={(v) => v && set('issueMethod')(v as IssueMethod)}
          allowDeselect={false}
          error={errors.fields.issueMethod}
        />
        <Textarea
          label="Description"
          name="description"
          value={draft.description}
          onChange={(e) => set('description')(e.currentTarget.value)}
          error={errors.fields.description}
          autosize
          minRows={1}
          style={{ gridColumn: 'span 2' }}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={saving.pending}>
          Save
        </Button>
      </Group>
    </form>
  );
}
