/** Loading and failure states shared by every page, so they look the same everywhere. */
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import { ApiError } from './api-client';

export function PageLoader() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const title =
    error instanceof ApiError
      ? error.status === 404
        ? 'Not found'
        : error.status === 403
          ? 'Not allowed'
          : error.problem.title
      : 'Something went wrong';
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Group justify="space-between" align="flex-start">
        <Text size="sm">{detail}</Text>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            Retry
          </Button>
        )}
      </Group>
    </Alert>
  );
}

export function NotFoundPage() {
  return (
    <Center py={80}>
      <div style={{ textAlign: 'center' }}>
        <Text fz={40} fw={700} c="gray.4">
          404
        </Text>
        <Text fw={600}>There is no page at this address.</Text>
        <Text fz="sm" c="dimmed" mt={4}>
          The link may be old, or the record was removed. Use the navigation on the left.
        </Text>
        <Button component="a" href="/" variant="default" size="xs" mt="md">
          Go to the start page
        </Button>
      </div>
    </Center>
  );
}

/** The start page of a user whose roles open none of the office pages (e.g. a customer). */
export function NothingToShow() {
  return (
    <Center py={80}>
      <div style={{ textAlign: 'center' }}>
        <Text fw={600}>Nothing to show for your role here yet.</Text>
        <Text fz="sm" c="dimmed" mt={4}>
          Ask an administrator for a role that fits your work.
        </Text>
      </div>
    </Center>
  );
}
