/**
 * The lines of a sales order or quote being entered: item, quantity, requested date and unit
 * price per line, each with the live promise the plan can give (and its preliminary cost) as it
 * is filled in. The server's complaints land on the cell they name, e.g. `lines.0.requestedDate`.
 */
import { ActionIcon, Button, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import { type Dispatch, Fragment, type SetStateAction } from 'react';
import { formatMoney } from '../../ui/format';
import type { FormErrors } from '../../ui/problem-form-errors';
import { rowInputs } from '../../ui/problem-form-errors';
import { todayIn } from '../../ui/zoned-time';
import { type ItemChoice, ItemSelect } from '../engineering/item-select';
import { LivePromise } from './line-promise';

type NumberValue = number | string;

export interface LineDraft {
  key: number;
  item: ItemChoice | null;
  quantity: NumberValue;
  requestedDate: string;
  /** major units as typed, e.g. 1250.00 */
  unitPrice: NumberValue;
  /** kept from a revised quote; not edited here */
  discountPercent: number;
}

const cells = ['itemId', 'quantity', 'requestedDate', 'unitPrice'] as const;

let lineKeys = 0;
export const blankLine = (): LineDraft => ({
  key: ++lineKeys,
  item: null,
  quantity: 1,
  requestedDate: '',
  unitPrice: '',
  discountPercent: 0,
});

/** A saved line (of a quote being revised) as a draft to edit. */
export function lineDraftOf(line: {
  item: ItemChoice;
  quantity: number;
  requestedDate: string | null;
  unitPrice: number;
  discountPercent: number;
}): LineDraft {
  return {
    key: ++lineKeys,
    item: line.item,
    quantity: line.quantity,
    requestedDate: line.requestedDate ?? '',
    unitPrice: line.unitPrice / 100,
    discountPercent: line.discountPercent,
  };
}

const numberOrNull = (v: NumberValue): number | null => (v === '' ? null : Number(v));
const minorOf = (v: NumberValue): number | null => (v === '' ? null : Math.round(Number(v) * 100));

/** Net value of a draft line in minor units, as the server will sum it. */
const draftNet = (l: LineDraft) =>
  Math.round((Number(l.quantity) || 0) * (minorOf(l.unitPrice) ?? 0) * (1 - l.discountPercent / 100));

/** The lines as the API takes them; blanks go as null so the server names them. */
export const lineBodies = (lines: LineDraft[]) =>
  lines.map((l) => ({
    itemId: l.item?.id ?? '',
    quantity: numberOrNull(l.quantity),
    requestedDate: l.requestedDate,
    unitPrice: minorOf(l.unitPrice),
    ...(l.discountPercent ? { discountPercent: l.discountPercent } : {}),
  }));

/** Input names of the lines for `formErrorsFrom`: the list, each line and each of its cells. */
export const lineInputs = (count: number) => ['lines', ...rowInputs('lines', count, cells)];

export function OrderLinesEditor({
  lines,
  onLines,
  errors,
  onErrors,
  currency,
  timeZone,
}: {
  lines: LineDraft[];
  onLines: Dispatch<SetStateAction<LineDraft[]>>;
  errors: FormErrors<string>;
  onErrors: Dispatch<SetStateAction<FormErrors<string>>>;
  currency: string;
  timeZone: string;
}) {
  const today = todayIn(timeZone);
  const update = (i: number, change: Partial<LineDraft>) => {
    onLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...change } : l)));
    // an edited cell no longer shows the server's complaint about its old value
    const edited = Object.keys(change).map((k) => `lines.${i}.${k === 'item' ? 'itemId' : k}`);
    onErrors((e) =>
      edited.some((k) => e.fields[k])
        ? { ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => !edited.includes(k))) }
        : e,
    );
  };
  const errorOf = (i: number, cell: (typeof cells)[number]) => errors.fields[`lines.${i}.${cell}`];
  const total = lines.reduce((sum, l) => sum + draftNet(l), 0);
  return (
    <>
      {errors.fields.lines && (
        <Text fz="xs" c="red" role="alert" px="sm" pt="xs">
          {errors.fields.lines}
        </Text>
      )}
      <Table className="takt-table" verticalSpacing={4} highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th w={110}>Quantity</Table.Th>
            <Table.Th w={160}>Requested date</Table.Th>
            <Table.Th w={150}>Unit price ({currency})</Table.Th>
            <Table.Th w={130} className="takt-num">
              Net
            </Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => {
            const quantity = numberOrNull(l.quantity);
            const net = draftNet(l);
            return (
              <Fragment key={l.key}>
                <Table.Tr data-testid="order-line" style={{ verticalAlign: 'top' }}>
                  <Table.Td className="takt-mono" pt={10}>
                    {(i + 1) * 10}
                  </Table.Td>
                  <Table.Td>
                    <ItemSelect
                      label={`Item of line ${i + 1}`}
                      name={`lines.${i}.itemId`}
                      value={l.item}
                      onChange={(item) => update(i, { item })}
                      error={errorOf(i, 'itemId')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      aria-label={`Quantity of line ${i + 1}`}
                      name={`lines.${i}.quantity`}
                      value={l.quantity}
                      min={0}
                      onChange={(v) => update(i, { quantity: v })}
                      rightSection={
                        <Text fz={11} c="dimmed">
                          {l.item?.uom}
                        </Text>
                      }
                      rightSectionWidth={40}
                      error={errorOf(i, 'quantity')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      type="date"
                      aria-label={`Requested date of line ${i + 1}`}
                      name={`lines.${i}.requestedDate`}
                      value={l.requestedDate}
                      min={today}
                      onChange={(e) => update(i, { requestedDate: e.currentTarget.value })}
                      error={errorOf(i, 'requestedDate')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      aria-label={`Unit price of line ${i + 1}`}
                      name={`lines.${i}.unitPrice`}
                      value={l.unitPrice}
                      min={0}
                      decimalScale={2}
                      fixedDecimalScale
                      thousandSeparator=","
                      onChange={(v) => update(i, { unitPrice: v })}
                      error={errorOf(i, 'unitPrice')}
                    />
                  </Table.Td>
                  <Table.Td className="takt-num" pt={10}>
                    {net ? formatMoney({ amount: net, currency }) : '—'}
                    {l.discountPercent > 0 && (
                      <Text fz="xs" c="dimmed">
                        less {l.discountPercent} %
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={2}
                      aria-label={`Remove line ${i + 1}`}
                      disabled={lines.length === 1}
                      onClick={() => onLines((ls) => ls.filter((_, j) => j !== i))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td />
                  <Table.Td colSpan={6} pt={0} pb={8}>
                    {errors.fields[`lines.${i}`] && (
                      <Text fz="xs" c="red" role="alert" mb={4}>
                        {errors.fields[`lines.${i}`]}
                      </Text>
                    )}
                    <LivePromise
                      lineNo={(i + 1) * 10}
                      timeZone={timeZone}
                      net={net ? { amount: net, currency } : undefined}
                      quote={{
                        itemId: l.item?.id,
                        quantity: quantity ?? undefined,
                        requestedDate: l.requestedDate,
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" p="sm">
        <Button size="xs" variant="default" onClick={() => onLines((ls) => [...ls, blankLine()])}>
          Add line
        </Button>
        <Text fz="sm">
          Total <b data-testid="lines-total">{formatMoney({ amount: total, currency })}</b>
        </Text>
      </Group>
    </>
  );
}
