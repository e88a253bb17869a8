/**
 * Change a line of a confirmed order: a new quantity or requested date, previewed first (POST
 * .../lines/:lineId/change with preview) so the user sees what it does to jobs, purchases and
 * the promise before applying exactly that. Editing after a preview asks for a new one.
 */
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { SalesOrder } from '@takt/contracts';
import { useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatQuantity } from '../../ui/format';
import { OrderImpactView } from './order-impact-view';
import type { OrderImpact } from './sales-order-api';
import { useOrderImpact } from './use-order-impact';

const inputs = ['quantity', 'requestedDate'] as const;

export function OrderChangeModal({
  order: o,
  timeZone,
  onClose,
  onApplied,
}: {
  order: SalesOrder;
  timeZone: string;
  onClose: () => void;
  onApplied: (impact: OrderImpact) => void;
}) {
  const [lineId, setLineId] = useState(o.lines[0]?.id ?? '');
  const line = o.lines.find((l) => l.id === lineId) ?? o.lines[0];
  const [quantity, setQuantity] = useState<number | string>(line?.quantity ?? '');
  const [requestedDate, setRequestedDate] = useState(line?.requestedDate ?? '');
  const impact = useOrderImpact(o, inputs, (applied) => {
    onApplied(applied);
    onClose();
  });
  if (!line) return null;
  const change = {
    ...(quantity !== '' && Number(quantity) !== line.quantity ? { quantity: Number(quantity) } : {}),
    ...(requestedDate && requestedDate !== line.requestedDate ? { requestedDate } : {}),
  };
  const changed = Object.keys(change).length > 0;
  const request = { path: `/api/sales-orders/${o.id}/lines/${line.id}/change`, body: change };
  const edit = (f: () => void) => {
    f();
    impact.reset();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size={880}
      title={
        <Text fw={600}>
          Change a line of <span className="takt-mono">{o.number}</span>
        </Text>
      }
      data-testid="order-change-modal"
    >
      <FormErrorAlert errors={impact.errors} onReload={impact.reload} />
      <SimpleGrid cols={3} spacing="sm" data-testid="order-change-form">
        <Select
          label="Line"
          name="lineId"
          allowDeselect={false}
          data={o.lines.map((l) => ({
            value: l.id,
            label: `${l.lineNo} · ${l.itemNumber} · ${formatQuantity(l.quantity)}`,
          }))}
          value={line.id}
          onChange={(id) =>
            edit(() => {
              const next = o.lines.find((l) => l.id === id);
              if (!next) return;
              setLineId(next.id);
              setQuantity(next.quantity);
              setRequestedDate(next.requestedDate);
            })
          }
        />
        <NumberInput
          label="Quantity"
          name="quantity"
          min={0}
          value={quantity}
          onChange={(v) => edit(() => setQuantity(v))}
          description={`now ${formatQuantity(line.quantity)}`}
          error={impact.errors.fields.quantity}
        />
        <TextInput
          label="Requested date"
          name="requestedDate"
          type="date"
          value={requestedDate}
          onChange={(e) => {
            const value = e.currentTarget.value;
            edit(() => setRequestedDate(value));
          }}
          description={`now ${formatDate(line.requestedDate)}`}
          error={impact.errors.fields.requestedDate}
        />
      </SimpleGrid>
      {impact.impact ? (
        <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
          <Text fz="sm" fw={600} mb="xs">
            What the change does (nothing is changed yet)
          </Text>
          <OrderImpactView impact={impact.impact} timeZone={timeZone} />
        </div>
      ) : (
        <Text fz="sm" c="dimmed" mt="md">
          {changed
            ? 'Preview the change to see which jobs and purchases it cancels and plans, and how the promise moves.'
            : 'Change the quantity or the requested date, then preview what that does.'}
        </Text>
      )}
      <Group justify="flex-end" mt="lg" gap="xs">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        {impact.impact ? (
          <Button loading={impact.applying} onClick={() => impact.apply(request)}>
            Apply change
          </Button>
        ) : (
          <Button disabled={!changed} loading={impact.previewing} onClick={() => impact.preview(request)}>
            Preview impact
          </Button>
        )}
      </Group>
    </Modal>
  );
}
