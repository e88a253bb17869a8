/**
 * The stops of this work center's machines that still wait for a reason: the operator taps
 * the reason, one tap per stop. Stops shorter than the micro-stop threshold never show here.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { type MachineStop, openStopsQuery, reasonCodesQuery, setStopReason } from './terminal-api';
import { shortTime } from './terminal-format';

export function OpenStops({ workCenterId }: { workCenterId: string }) {
  const stops = useQuery(openStopsQuery(workCenterId));
  const reasons = useQuery(reasonCodesQuery('stop'));
  const timeZone = usePlantTimeZone();
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: ({ stop, reasonId }: { stop: MachineStop; reasonId: string }) =>
      setStopReason(stop, reasonId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['terminal', 'stops'] }),
  });
  const waiting = stops.data?.items ?? [];
  if (waiting.length === 0) return null;
  return (
    <Stack gap="sm">
      {waiting.map((stop) => (
        <Alert
          key={stop.id}
          color="orange"
          variant="light"
          title={<Text size="xl" fw={700}>{`${stop.machineCode} stopped — why?`}</Text>}
        >
          <Stack gap="sm">
            <Text>
              since {shortTime(stop.startedAt, timeZone)}
              {stop.endedAt ? `, for ${Math.round(stop.durationSeconds / 60)} min` : ', still down'}
            </Text>
            <Group gap="sm">
              {(reasons.data ?? []).map((reason) => (
                <Button
                  key={reason.id}
                  size="lg"
                  variant="default"
                  loading={
                    assign.isPending &&
                    assign.variables?.stop.id === stop.id &&
                    assign.variables.reasonId === reason.id
                  }
                  onClick={() => assign.mutate({ stop, reasonId: reason.id })}
                >
                  {reason.name}
                </Button>
              ))}
            </Group>
            {assign.error && assign.variables?.stop.id === stop.id && (
              <Text c="red">{assign.error.message}</Text>
            )}
          </Stack>
        </Alert>
      ))}
    </Stack>
  );
}
