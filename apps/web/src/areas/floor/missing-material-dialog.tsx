/**
 * Finishing a job's last operation while its manual-issue material is not (fully) issued: the
 * server refused the finish (rule material-not-issued) and listed what is missing. The operator
 * goes back to scan it, or confirms finishing without it (the acknowledgement is audited).
 */
import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { type MissingMaterial, missingMaterial } from '@takt/contracts';
import { z } from 'zod';
import { ApiError } from '../../ui/api-client';
import { formatQuantity } from '../../ui/format';

/** The missing components of a refused finish, or null when the error is another one. */
export function missingMaterialOf(error: unknown): MissingMaterial[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  if (!error.problem.errors.some((e) => e.rule === 'material-not-issued')) return null;
  const parsed = z.array(missingMaterial).safeParse(error.problem.missing);
  return parsed.success ? parsed.data : null;
}

export function MissingMaterialDialog({
  jobNumber,
  missing,
  busy,
  error,
  onBack,
  onConfirm,
}: {
  jobNumber: string;
  missing: MissingMaterial[];
  busy: boolean;
  error?: string;
  onBack: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal
      opened
      onClose={onBack}
      size="lg"
      title={
        <Text size="xl" fw={700}>
          Material not issued
        </Text>
      }
    >
      <Stack gap="md" data-testid="missing-material">
        <Text size="lg">
          This finishes {jobNumber}, but its material was not all issued. Issue it by scanning its label, or
          finish without it.
        </Text>
        <List size="lg" spacing="xs">
          {missing.map((m) => (
            <List.Item key={m.itemId}>
              <Text span fw={600}>
                {m.itemName}
              </Text>{' '}
              <Text span c="dimmed">
                ({m.itemNumber})
              </Text>
              : {formatQuantity(m.issued)} of {formatQuantity(m.required, m.uom)} issued
            </List.Item>
          ))}
        </List>
        {error && <Alert color="red">{error}</Alert>}
        <Group grow>
          <Button size="xl" h={72} variant="default" onClick={onBack}>
            Back: issue it
          </Button>
          <Button size="xl" h={72} color="orange" loading={busy} onClick={onConfirm}>
            Finish without it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
