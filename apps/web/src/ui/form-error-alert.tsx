import { Alert, Button, Group } from '@mantine/core';
import type { FormErrors } from './problem-form-errors';

/**
 * The form-level message above a form; a version conflict offers to reload the record, and a
 * change that would close a cycle says so in a title of its own.
 */
export function FormErrorAlert<F extends string>({
  errors,
  onReload,
}: {
  errors: FormErrors<F>;
  onReload?: () => void;
}) {
  if (!errors.form) return null;
  const title = errors.conflict ? 'Changed by someone else' : errors.cycle ? 'Circular structure' : undefined;
  return (
    <Alert
      color={errors.conflict ? 'orange' : 'red'}
      variant="light"
      mb="sm"
      role="alert"
      data-testid="form-error"
      data-cycle={errors.cycle ? errors.cycle.join(' → ') : undefined}
      title={title}
    >
      <Group justify="space-between" align="center" wrap="nowrap">
        <span>{errors.form}</span>
        {errors.conflict && onReload && (
          <Button size="xs" variant="default" onClick={onReload}>
            Reload
          </Button>
        )}
      </Group>
    </Alert>
  );
}
