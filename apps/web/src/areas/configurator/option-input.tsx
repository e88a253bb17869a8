/**
 * One option of a configurator model as an input: its choices, a number within min, max and
 * step (with its unit), or a text of at most its length. Under it: the rules the current
 * configuration breaks that involve this option, why greyed choices are greyed, and what the
 * server refused when the configuration was saved on a quote or order.
 */
import { Box, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ChoiceButtons } from './choice-buttons';
import {
  type BrokenRule,
  type ConfiguratorOption,
  type DisabledChoice,
  type OptionValue,
  valueLabel,
} from './configurator-api';

export function OptionInput({
  option,
  value,
  onChange,
  broken,
  disabled,
  error,
}: {
  option: ConfiguratorOption;
  value: OptionValue | undefined;
  onChange: (value: OptionValue) => void;
  /** rules broken now that read this option */
  broken: BrokenRule[];
  /** choices that would break a rule */
  disabled: DisabledChoice[];
  /** what the server said about this option when the line was saved */
  error?: string;
}) {
  const invalid = broken.length > 0 || !!error;
  return (
    <Box data-testid="configurator-option" data-option={option.code} data-invalid={invalid || undefined}>
      <Text component="label" htmlFor={`option-${option.code}`} fz="sm" fw={500} mb={4} display="block">
        {option.label}
        {option.kind === 'number' && (
          <Text span fz="xs" c="dimmed" fw={400}>
            {' '}
            {option.min}–{option.max}
            {option.unit ? ` ${option.unit}` : ''}
            {option.step ? `, in steps of ${option.step}` : ''}
          </Text>
        )}
      </Text>
      {option.kind === 'choice' ? (
        <ChoiceButtons option={option} value={value} disabled={disabled} onChange={onChange} />
      ) : option.kind === 'number' ? (
        <NumberOptionInput option={option} value={value} onChange={onChange} invalid={invalid} />
      ) : (
        <TextInput
          id={`option-${option.code}`}
          name={`option.${option.code}`}
          maw={360}
          value={typeof value === 'string' ? value : ''}
          maxLength={option.maxLength}
          placeholder={`up to ${option.maxLength} characters`}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={invalid || undefined}
        />
      )}
      <Stack gap={2} mt={4}>
        {broken.map((b) => (
          <Text key={b.ruleId} fz="xs" c="red.7" role="alert" data-testid="broken-rule" data-rule={b.ruleId}>
            {b.message}
          </Text>
        ))}
        {error && (
          <Text fz="xs" c="red.7" role="alert" data-testid="option-error">
            {error}
          </Text>
        )}
        {option.kind === 'choice' &&
          disabled.map((d) => (
            <Text
              key={String(d.value)}
              fz="xs"
              c="dimmed"
              data-testid="choice-conflict"
              data-value={String(d.value)}
            >
              Not with the other choices: {valueLabel(option, d.value)}:{' '}
              {d.reasons.map((r) => r.message).join('; ')}
            </Text>
          ))}
      </Stack>
    </Box>
  );
}

type NumberOption = Extract<ConfiguratorOption, { kind: 'number' }>;

/** The typed text stays as typed (even half-typed or out of range); a number goes to the server, which names a value outside the option. */
function NumberOptionInput({
  option,
  value,
  onChange,
  invalid,
}: {
  option: NumberOption;
  value: OptionValue | undefined;
  onChange: (value: OptionValue) => void;
  invalid: boolean;
}) {
  const [text, setText] = useState<string | number>(typeof value === 'number' ? value : '');
  return (
    <NumberInput
      id={`option-${option.code}`}
      name={`option.${option.code}`}
      maw={200}
      value={text}
      min={option.min}
      max={option.max}
      step={option.step ?? undefined}
      clampBehavior="none"
      allowNegative={option.min < 0}
      rightSection={
        option.unit ? (
          <Text fz="xs" c="dimmed">
            {option.unit}
          </Text>
        ) : undefined
      }
      rightSectionWidth={40}
      onChange={(v) => {
        setText(v);
        if (typeof v === 'number') onChange(v);
      }}
      error={invalid || undefined}
    />
  );
}
