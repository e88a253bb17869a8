/**
 * Cancel a confirmed order: the impact is previewed as soon as the dialog opens (POST
 * .../cancel with preview), and "Cancel order" applies exactly that.
 */
import { Button, Group, Loader, Modal, Text } from '@mantine/core';
import type { SalesOrder } from '@takt/contracts';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { OrderImpactView } from './order-impact-view';
import type { OrderImpact } from './sales-order-api';
import { useOrderImpact } from './use-order-impact';

export function OrderCancelModal({
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
  const impact = useOrderImpact(o, [], (applied) => {
    onApplied(applied);
    onClose();
  });
  const request = { path: `/api/sales-orders/${o.id}/cancel`, body: {} };
  const { preview } = impact;
  // biome-ignore lint/correctness/useExhaustiveDependencies: preview once per version of the order
  useEffect(() => {
    preview(request);
  }, [o.version]);

  return (
    <Modal
      opened
      onClose={onClose}
      size={880}
      title={
        <Text fw={600}>
          Cancel <span className="takt-mono">{o.number}</span>?
        </Text>
      }
      data-testid="order-cancel-modal"
    >
      <FormErrorAlert errors={impact.errors} onReload={impact.reload} />
      {impact.impact ? (
        <>
          <Text fz="sm" fw={600} mb="xs">
            What cancelling does (nothing is changed yet)
          </Text>
          <OrderImpactView impact={impact.impact} timeZone={timeZone} />
        </>
      ) : (
        impact.previewing && (
          <Group gap={6} fz="sm" c="dimmed">
            <Loader size={14} /> Working out what cancelling would do…
          </Group>
        )
      )}
      <Group justify="flex-end" mt="lg" gap="xs">
        <Button variant="default" onClick={onClose}>
          Keep the order
        </Button>
        <Button
          color="red"
          disabled={!impact.impact}
          loading={impact.applying}
          onClick={() => impact.apply(request)}
        >
          Cancel order
        </Button>
      </Group>
    </Modal>
  );
}
