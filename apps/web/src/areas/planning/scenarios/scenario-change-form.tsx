/**
 * Adds one change to a scenario: a work center (or one machine of it) down for a period, an
 * extra shift on a work center's calendar, a hypothetical order line, or a supplier's open
 * purchase orders later. Times are entered in the plant's time zone.
 */
import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import type { ScenarioChangeInput } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormErrorAlert } from '../../../ui/form-error-alert';
import { usePlantTimeZone } from '../../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../../ui/problem-form-errors';
import { addDays, todayIn, zonedMidnight } from '../../../ui/zoned-time';
import { type ItemChoice, ItemSelect } from '../../engineering/item-select';
import { purchaseOrderListQuery } from '../../purchasing/purchase-order-api';
import { supplierListQuery } from '../../purchasing/purchasing-api';
import { CustomerSelect } from '../../sales/customer-select';
import { workCenterLookupQuery } from '../resources-api';

type Kind = ScenarioChangeInput['kind'];

const kinds: { value: Kind; label: string }[] = [
  { value: 'machine-down', label: 'Machine down' },
  { value: 'add-shift', label: 'Extra shift' },
  { value: 'add-order', label: 'Hypothetical order' },
  { value: 'delay-supplier', label: 'Supplier late' },
];

const weekdayLabels = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const inputs = [
  'change.workCenterId',
  'change.machineIndex',
  'change.from',
  'change.to',
  'change.start',
  'change.end',
  'change.weekdays',
  'change.itemId',
  'change.quantity',
  'change.dueDate',
  'change.customerId',
  'change.supplierId',
  'change.purchaseOrderId',
  'change.days',
] as const;

/** 'YYYY-MM-DDTHH:MM' on the plant's wall clock as a UTC instant. */
function plantInstant(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return new Date(zonedMidnight(date, timeZone).getTime() + minutes * 60_000).toISOString();
}

export function ScenarioChangeForm({
  onAdd,
  pending,
  error,
}: {
  onAdd: (change: ScenarioChangeInput) => void;
  pending: boolean;
  error: unknown;
}) {
  const timeZone = usePlantTimeZone();
  const today = todayIn(timeZone);
  const [kind, setKind] = useState<Kind>('machine-down');
  const workCenters = useQuery(workCenterLookupQuery());
  const [workCenterId, setWorkCenterId] = useState<string | null>(null);
  const [machine, setMachine] = useState<string>('all');
  const [downFrom, setDownFrom] = useState(`${addDays(today, 1)}T06:00`);
  const [downTo, setDownTo] = useState(`${addDays(today, 8)}T06:00`);
  const [shiftFrom, setShiftFrom] = useState(addDays(today, 1));
  const [shiftTo, setShiftTo] = useState(addDays(today, 28));
  const [start, setStart] = useState('06:00');
  const [end, setEnd] = useState('14:00');
  const [weekdays, setWeekdays] = useState<string[]>(['6']);
  const [item, setItem] = useState<ItemChoice | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [dueDate, setDueDate] = useState(addDays(today, 30));
  const [customer, setCustomer] = useState<Parameters<typeof CustomerSelect>[0]['value']>(null);
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [purchaseOrderId, setPurchaseOrderId] = useState<string | null>(null);
  const [days, setDays] = useState<number | string>(5);
  const suppliers = useQuery({
    ...supplierListQuery({ offset: 0, limit: 200 }),
    enabled: kind === 'delay-supplier',
  });
  const orders = useQuery({
    ...purchaseOrderListQuery({ supplierId: supplierId ?? undefined, offset: 0, limit: 100 }),
    enabled: kind === 'delay-supplier' && Boolean(supplierId),
  });
  const errors: FormErrors<(typeof inputs)[number]> = error ? formErrorsFrom(error, inputs) : noFormErrors;
  const field = (name: (typeof inputs)[number]) => errors.fields[name];

  const wcOptions = [...(workCenters.data?.values() ?? [])]
    .filter((w) => w.active !== false)
    .map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }));
  const wc = workCenterId ? workCenters.data?.get(workCenterId) : undefined;
  const machineOptions = [
    { value: 'all', label: 'The whole work center' },
    ...Array.from({ length: wc?.machines ?? 0 }, (_, i) => ({
      value: String(i),
      label: `${wc?.code}-${i + 1}`,
    })),
  ];

  const change = (): ScenarioChangeInput | null => {
    if (kind === 'machine-down')
      return workCenterId
        ? {
            kind,
            workCenterId,
            machineIndex: machine === 'all' ? null : Number(machine),
            from: plantInstant(downFrom, timeZone),
            to: plantInstant(downTo, timeZone),
          }
        : null;
    if (kind === 'add-shift')
      return workCenterId
        ? {
            kind,
            workCenterId,
            from: shiftFrom,
            to: shiftTo,
            start,
            end,
            ...(weekdays.length > 0 && weekdays.length < 7 ? { weekdays: weekdays.map(Number) } : {}),
          }
        : null;
    if (kind === 'add-order')
      return item
        ? {
            kind,
            itemId: item.id,
            quantity: Number(quantity),
            dueDate,
            customerId: customer?.id ?? null,
            note: `${item.number} · ${item.name}`.slice(0, 200),
          }
        : null;
    const supplier = suppliers.data?.items.find((x) => x.id === supplierId);
    return supplierId
      ? {
          kind,
          supplierId,
          days: Number(days),
          purchaseOrderId,
          ...(supplier ? { note: supplier.name } : {}),
        }
      : null;
  };
  const ready = change();

  return (
    <form
      data-testid="scenario-change-form"
      onSubmit={(e) => {
        e.preventDefault();
        const c = change();
        if (c) onAdd(c);
      }}
    >
      <Stack gap="sm">
        <SegmentedControl
          data={kinds}
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data-testid="scenario-change-kind"
          w="fit-content"
        />
        <FormErrorAlert errors={errors} />
        {(kind === 'machine-down' || kind === 'add-shift') && (
          <Group align="flex-start">
            <Select
              label="Work center"
              name="workCenterId"
              searchable
              data={wcOptions}
              value={workCenterId}
              onChange={(v) => {
                setWorkCenterId(v);
                setMachine('all');
              }}
              error={field('change.workCenterId')}
              w={280}
              data-testid="change-work-center"
            />
            {kind === 'machine-down' && (
              <Select
                label="Machine"
                name="machineIndex"
                data={machineOptions}
                value={machine}
                onChange={(v) => setMachine(v ?? 'all')}
                allowDeselect={false}
                error={field('change.machineIndex')}
                w={200}
                data-testid="change-machine"
              />
            )}
          </Group>
        )}
        {kind === 'machine-down' && (
          <Group align="flex-start">
            <TextInput
              type="datetime-local"
              label={`Down from (${timeZone})`}
              name="from"
              value={downFrom}
              onChange={(e) => setDownFrom(e.currentTarget.value)}
              error={field('change.from')}
              data-testid="change-down-from"
            />
            <TextInput
              type="datetime-local"
              label="Back at"
              name="to"
              value={downTo}
              onChange={(e) => setDownTo(e.currentTarget.value)}
              error={field('change.to')}
              data-testid="change-down-to"
            />
          </Group>
        )}
        {kind === 'add-shift' && (
          <>
            <Group align="flex-start">
              <TextInput
                type="date"
                label="From"
                value={shiftFrom}
                onChange={(e) => setShiftFrom(e.currentTarget.value)}
                error={field('change.from')}
              />
              <TextInput
                type="date"
                label="To (inclusive)"
                value={shiftTo}
                onChange={(e) => setShiftTo(e.currentTarget.value)}
                error={field('change.to')}
              />
              <TextInput
                type="time"
                label="Shift starts"
                value={start}
                onChange={(e) => setStart(e.currentTarget.value)}
                error={field('change.start')}
              />
              <TextInput
                type="time"
                label="Ends"
                value={end}
                onChange={(e) => setEnd(e.currentTarget.value)}
                error={field('change.end')}
              />
            </Group>
            <Checkbox.Group
              label="On"
              value={weekdays}
              onChange={setWeekdays}
              error={field('change.weekdays')}
            >
              <Group gap="sm" mt={4}>
                {weekdayLabels.map((label, i) => (
                  <Checkbox key={label} value={String(i + 1)} label={label} />
                ))}
              </Group>
            </Checkbox.Group>
          </>
        )}
        {kind === 'add-order' && (
          <Group align="flex-start">
            <div style={{ width: 320 }}>
              <ItemSelect
                name="itemId"
                label="Item"
                value={item}
                onChange={setItem}
                error={field('change.itemId')}
              />
            </div>
            <NumberInput
              label="Quantity"
              min={0}
              value={quantity}
              onChange={setQuantity}
              error={field('change.quantity')}
              w={120}
            />
            <TextInput
              type="date"
              label="Due"
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
              error={field('change.dueDate')}
            />
            <div style={{ width: 280 }}>
              <CustomerSelect value={customer} onChange={setCustomer} error={field('change.customerId')} />
            </div>
          </Group>
        )}
        {kind === 'delay-supplier' && (
          <Group align="flex-start">
            <Select
              label="Supplier"
              searchable
              data={(suppliers.data?.items ?? []).map((s) => ({
                value: s.id,
                label: `${s.number} · ${s.name}`,
              }))}
              value={supplierId}
              onChange={(v) => {
                setSupplierId(v);
                setPurchaseOrderId(null);
              }}
              error={field('change.supplierId')}
              w={280}
            />
            <Select
              label="Purchase order"
              placeholder="All open ones"
              clearable
              data={(orders.data?.items ?? [])
                .filter((o) => ['draft', 'sent', 'partially-received'].includes(o.status))
                .map((o) => ({ value: o.id, label: o.number }))}
              value={purchaseOrderId}
              onChange={setPurchaseOrderId}
              error={field('change.purchaseOrderId')}
              w={200}
            />
            <NumberInput
              label="Days later"
              min={1}
              max={365}
              value={days}
              onChange={setDays}
              error={field('change.days')}
              w={120}
            />
          </Group>
        )}
        <Group>
          <Button type="submit" variant="light" disabled={!ready} loading={pending} data-testid="change-add">
            Add change
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
