import { Alert, Button, Group } from '@mantine/core';
import type { FormErrors } from './problem-form-errors';

/** The form-level message above a form; a version conflict offers to reload the record. */
export function FormErrorAlert<F extends string>({
  errors,
  onReload,
}: {
  errors: FormErrors<F>;
  onReload?: () => void;
}) {
  if (!errors.form) return null;
  return (
    <Alert
      color={errors.conflict ? 'orange' : 'red'}
      variant="light"
      mb="sm"
      role="alert"
      data-testid="form-error"
      title={errors.conflict ? 'Changed by someone else' : undefined}
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
