/**
 * Delivery of an order: its delivery notes (each a PDF), shipping what is still open (all or
 * part of each line) and marking a shipped order invoiced. Shipping takes the goods set aside
 * for the lines from stores; the server refuses more than is open or on hand, and says why.
 * The note just shipped is offered for printing at once.
 */
import { Alert, Anchor, Button, Group, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { deliveryNote, type SalesOrder } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../../ui/api-client';
import { formatDateTime } from '../../ui/format';
import { Panel } from '../../ui/panel';
import { useCan } from '../../ui/session';

const SHIPPABLE = ['confirmed', 'in-production', 'ready'];

type DeliveryNote = z.infer<typeof deliveryNote>;

const deliveryNotesQuery = (orderId: string) => ({
  queryKey: ['sales-orders', orderId, 'delivery-notes'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get(`/api/sales-orders/${orderId}/delivery-notes`, { schema: z.array(deliveryNote), signal }),
});

export function OrderDeliveryPanel({ order, timeZone }: { order: SalesOrder; timeZone: string }) {
  const notes = useQuery(deliveryNotesQuery(order.id));
  const canShip = useCan('write', 'Stock');
  const canInvoice = useCan('write', 'SalesOrder');
  const queryClient = useQueryClient();
  const [shipping, setShipping] = useState(false);
  const [shipped, setShipped] = useState<DeliveryNote | null>(null);
  const invoice = useMutation({
    mutationFn: () => api.post(`/api/sales-orders/${order.id}/invoice`, { version: order.version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sales-orders'] }),
  });
  const open = order.lines.filter((l) => l.quantity - l.shippedQuantity > 1e-9);
  return (
    <Panel
      title="Delivery"
      testId="order-delivery"
      actions={
        <Group gap="xs">
          {canShip && SHIPPABLE.includes(order.status) && open.length > 0 && (
            <Button size="xs" onClick={() => setShipping(true)}>
              Ship…
            </Button>
          )}
          {canInvoice && order.status === 'shipped' && (
            <Button size="xs" variant="light" loading={invoice.isPending} onClick={() => invoice.mutate()}>
              Mark invoiced
            </Button>
          )}
        </Group>
      }
    >
      {invoice.error && <Alert color="red">{invoice.error.message}</Alert>}
      {shipped && (
        <Alert
          color="green"
          variant="light"
          mb="sm"
          withCloseButton
          onClose={() => setShipped(null)}
          data-testid="shipped-note"
          data-number={shipped.number}
        >
          <Group justify="space-between" wrap="nowrap">
            <Text fz="sm">
              Shipped on delivery note <b className="takt-mono">{shipped.number}</b>:{' '}
              {shipped.lines.map((l) => `${l.quantity} × ${l.itemNumber}`).join(', ')}.
            </Text>
            <Button
              size="xs"
              component="a"
              href={deliveryNotePdf(order.id, shipped.number)}
              target="_blank"
              rel="noopener"
            >
              Print delivery note
            </Button>
          </Group>
        </Alert>
      )}
      {notes.data && notes.data.length === 0 && (
        <Text fz="sm" c="dimmed">
          Nothing shipped yet.
        </Text>
      )}
      {notes.data && notes.data.length > 0 && (
        <Table fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Delivery note</Table.Th>
              <Table.Th>Shipped</Table.Th>
              <Table.Th>Lines</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notes.data.map((n) => (
              <Table.Tr key={n.number}>
                <Table.Td>
                  <Anchor href={deliveryNotePdf(order.id, n.number)} target="_blank">
                    {n.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(n.shippedAt, timeZone)}</Table.Td>
                <Table.Td>
                  {n.lines
                    .map(
                      (l) =>
                        `${l.lineNo}: ${l.quantity} × ${l.itemNumber}${l.lotNumber ? ` (lot ${l.lotNumber})` : ''}`,
                    )
                    .join(', ')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shipping && <ShipModal order={order} onShipped={setShipped} onClose={() => setShipping(false)} />}
    </Panel>
  );
}

const deliveryNotePdf = (orderId: string, number: string) =>
  `/api/sales-orders/${orderId}/delivery-notes/${number}/pdf`;

function ShipModal({
  order,
  onShipped,
  onClose,
}: {
  order: SalesOrder;
  onShipped: (note: DeliveryNote) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const open = order.lines.filter((l) => l.quantity - l.shippedQuantity > 1e-9);
  const [quantities, setQuantities] = useState<Record<string, number>>(
    Object.fromEntries(open.map((l) => [l.id, l.quantity - l.shippedQuantity])),
  );
  const ship = useMutation({
    mutationFn: () =>
      api.post(
        `/api/sales-orders/${order.id}/shipments`,
        {
          lines: open
            .filter((l) => (quantities[l.id] ?? 0) > 0)
            .map((l) => ({ lineId: l.id, quantity: quantities[l.id] })),
        },
        { schema: deliveryNote },
      ),
    onSuccess: (note) => {
      void queryClient.invalidateQueries({ queryKey: ['sales-orders'] });
      onShipped(note);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Ship" size="lg">
      <Stack>
        <Table fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th>Open</Table.Th>
              <Table.Th>Ship now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {open.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.lineNo}</Table.Td>
                <Table.Td>
                  {l.itemNumber} {l.itemName}
                </Table.Td>
                <Table.Td>{l.quantity - l.shippedQuantity}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Ship line ${l.lineNo}`}
                    size="xs"
                    min={0}
                    max={l.quantity - l.shippedQuantity}
                    value={quantities[l.id]}
                    onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: Number(v) || 0 }))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {ship.error && <Alert color="red">{ship.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={ship.isPending} onClick={() => ship.mutate()}>
            Ship and print delivery note
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
