/**
 * Editing the payment plan: label, share and milestone per payment; the shares must add up to
 * 100 % (the server refuses anything else with a 422 naming the rule). Invoiced and paid
 * payments are kept as they are.
 */
import { Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type Project, projectQuery, projectSchema } from './projects-api';

interface Row {
  id?: string;
  label: string;
  percent: number;
  milestoneId: string;
  locked: boolean;
}

export function PaymentPlanModal({ project: p, onClose }: { project: Project; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(
    p.payments.map((x) => ({
      id: x.id,
      label: x.label,
      percent: x.percent,
      milestoneId: x.milestoneId,
      locked: x.status === 'invoiced' || x.status === 'paid',
    })),
  );
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const total = Number(rows.reduce((s, r) => s + r.percent, 0).toFixed(4));
  const save = useMutation({
    mutationFn: () =>
      api.put(
        `/api/projects/${p.id}/payment-plan`,
        {
          version: p.version,
          payments: rows.map(({ id, label, percent, milestoneId }) => ({
            ...(id ? { id } : {}),
            label,
            percent,
            milestoneId,
          })),
        },
        { schema: projectSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (next) => {
      queryClient.setQueryData(projectQuery(p.id).queryKey, next);
      await queryClient.invalidateQueries({ queryKey: ['projects', 'list'] });
      onClose();
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const set = (x: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r, i) => (i === x ? { ...r, ...change } : r)));
  const milestones = p.milestones.map((m) => ({ value: m.id, label: m.name }));
  return (
    <Modal opened onClose={onClose} title="Payment plan" size="xl">
      <FormErrorAlert errors={errors} />
      <Table className="takt-table" data-testid="payment-plan-editor">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Payment</Table.Th>
            <Table.Th w={110}>%</Table.Th>
            <Table.Th w={260}>Due at milestone</Table.Th>
            <Table.Th w={60} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, x) => (
            <Table.Tr key={r.id ?? `new-${x}`}>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label="Label"
                  value={r.label}
                  onChange={(e) => set(x, { label: e.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  size="xs"
                  aria-label="Percent"
                  min={0}
                  max={100}
                  decimalScale={4}
                  disabled={r.locked}
                  value={r.percent}
                  onChange={(v) => set(x, { percent: Number(v) || 0 })}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label="Milestone"
                  data={milestones}
                  disabled={r.locked}
                  value={r.milestoneId}
                  onChange={(v) => v && set(x, { milestoneId: v })}
                />
              </Table.Td>
              <Table.Td>
                {!r.locked && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setRows((rs) => rs.filter((_, i) => i !== x))}
                  >
                    Remove
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap="xs" mt="sm">
        <Group justify="space-between">
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              setRows((rs) => [
                ...rs,
                { label: 'Payment', percent: 0, milestoneId: p.milestones.at(-1)!.id, locked: false },
              ])
            }
          >
            Add payment
          </Button>
          <Text
            fz="sm"
            c={Math.abs(total - 100) < 1e-6 ? 'green.8' : 'red.7'}
            data-testid="payment-plan-total"
          >
            Total {total} % {Math.abs(total - 100) < 1e-6 ? '' : '(must be 100 %)'}
          </Text>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            Save plan
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
