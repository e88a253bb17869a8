/**
 * The disposition of an open non-conformance: scrap, rework or use as is, each with what it
 * does; rework names the operation production adds to the job and planning schedules: the work
 * center (the failed operation's unless another is chosen) and the rework minutes per piece
 * (the failed operation's run time per piece unless changed), for the NCR's parts. Field errors
 * from the server land on their inputs.
 */
import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatMinutes, formatQuantity } from '../../ui/format';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { workCenterLookupQuery } from '../planning/resources-api';
import {
  type Disposition,
  dispositionLabels,
  dispositionNonConformance,
  type NonConformance,
} from './quality-api';

const inputs = [
  'disposition',
  'reworkOperation.name',
  'reworkOperation.workCenterId',
  'reworkOperation.setupMinutes',
  'reworkOperation.runMinutesPerPiece',
] as const;

const explained: Record<Disposition, string> = {
  scrap:
    'The parts are lost. Cost: their material and their share of the work booked on the job. Closes at once.',
  rework:
    'Production adds a rework operation for these parts after the failed one and before the job’s next operation; it is scheduled on a machine of the work center at once and is in its dispatch list. Cost: its planned minutes at the work center’s rates. Closes once the rework is done.',
  'use-as-is': 'The parts go on as they are (a concession). No cost. Closes at once.',
};

export function DispositionForm({
  ncr,
  onSaved,
}: {
  ncr: NonConformance;
  onSaved: (saved: NonConformance) => void;
}) {
  const workCenters = useQuery(workCenterLookupQuery());
  const [disposition, setDisposition] = useState<Disposition>('rework');
  const [name, setName] = useState(`Rework: ${ncr.operationName}`);
  const [workCenterId, setWorkCenterId] = useState<string | null>(null);
  const [setupMinutes, setSetupMinutes] = useState<number>(0);
  // the failed operation's run time per piece, to a tenth of a minute
  const [perPiece, setPerPiece] = useState<number | ''>(
    Math.round(ncr.operationRunMinutesPerPiece * 10) / 10 || '',
  );
  const centers = [...(workCenters.data?.values() ?? [])];
  // the failed operation's work center unless another is chosen
  const chosen = workCenterId ?? centers.find((w) => w.code === ncr.workCenterCode)?.id ?? null;
  const save = useMutation({
    mutationFn: () =>
      dispositionNonConformance(
        ncr,
        disposition === 'rework'
          ? {
              disposition,
              reworkOperation: {
                name: name.trim(),
                ...(chosen ? { workCenterId: chosen } : {}),
                setupMinutes,
                ...(perPiece === '' ? {} : { runMinutesPerPiece: perPiece }),
              },
            }
          : { disposition },
      ),
    onSuccess: onSaved,
  });
  const errors: FormErrors<(typeof inputs)[number]> = save.error
    ? formErrorsFrom(save.error, inputs)
    : noFormErrors;

  return (
    <Stack gap="sm" data-testid="disposition-form">
      <FormErrorAlert errors={errors} />
      <SegmentedControl
        aria-label="Disposition"
        value={disposition}
        onChange={(v) => setDisposition(v as Disposition)}
        data={(Object.keys(dispositionLabels) as Disposition[]).map((d) => ({
          value: d,
          label: dispositionLabels[d],
        }))}
        w={360}
      />
      <Text fz="sm" c="dimmed">
        {explained[disposition]}
      </Text>
      {errors.fields.disposition && (
        <Text fz="sm" c="red">
          {errors.fields.disposition}
        </Text>
      )}
      {disposition === 'rework' && (
        <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm">
          <TextInput
            label="Rework operation"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.fields['reworkOperation.name']}
          />
          <Select
            label="Work center"
            placeholder="Choose"
            searchable
            data={centers.map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))}
            value={chosen}
            onChange={setWorkCenterId}
            error={errors.fields['reworkOperation.workCenterId']}
          />
          <NumberInput
            label="Setup minutes"
            min={0}
            value={setupMinutes}
            onChange={(v) => setSetupMinutes(typeof v === 'number' ? v : Number(v) || 0)}
            error={errors.fields['reworkOperation.setupMinutes']}
          />
          <NumberInput
            label="Rework minutes per piece"
            description={
              typeof perPiece === 'number' && perPiece > 0
                ? `${formatMinutes(perPiece * ncr.quantity)} for ${formatQuantity(ncr.quantity)} ${ncr.quantity === 1 ? 'part' : 'parts'}`
                : `default: ${formatMinutes(ncr.operationRunMinutesPerPiece)} as at ${ncr.operationNumber}`
            }
            decimalScale={2}
            value={perPiece}
            onChange={(v) =>
              setPerPiece(typeof v === 'number' ? v : v === '' || Number.isNaN(Number(v)) ? '' : Number(v))
            }
            error={errors.fields['reworkOperation.runMinutesPerPiece']}
            data-testid="rework-minutes-per-piece"
          />
        </SimpleGrid>
      )}
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          color={disposition === 'scrap' ? 'red' : undefined}
          onClick={() => save.mutate()}
        >
          {disposition === 'scrap'
            ? 'Scrap the parts'
            : disposition === 'rework'
              ? 'Rework the parts'
              : 'Use as is'}
        </Button>
      </Group>
    </Stack>
  );
}
