/**
 * The options of a model, in the model's order, as the current evaluation shows them: hidden
 * options left out, each with the rules broken that involve it. Above them, whether the
 * configuration can be built as chosen. The customer's and the sales configurator share it.
 */
import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { OptionInput } from './option-input';
import type { ConfigurationState } from './use-configuration';

export function ConfigurationOptions({
  state,
  errors = {},
  onChange,
}: {
  state: ConfigurationState;
  /** what the server refused per option code when the line was saved */
  errors?: Partial<Record<string, string>>;
  /** told which option the user changed (to clear what the server said about it) */
  onChange?: (code: string) => void;
}) {
  const { model, result, values, setValue, stale } = state;
  const optionStates = new Map(result?.options.map((o) => [o.code, o]));
  const broken = result?.brokenRules ?? [];
  // rules that name no option of the model (an expression error, say) go above the options
  const codes = new Set(model.options.map((o) => o.code));
  const unplaced = broken.filter((b) => !b.options.some((c) => codes.has(c)));
  return (
    <Stack gap="md">
      <ValidityLine state={state} />
      {unplaced.map((b) => (
        <Alert
          key={b.ruleId}
          color="red"
          variant="light"
          p="xs"
          data-testid="broken-rule"
          data-rule={b.ruleId}
        >
          {b.message}
        </Alert>
      ))}
      {model.options.map((option) => {
        const shown = optionStates.get(option.code);
        if (shown && !shown.visible) return null;
        return (
          <OptionInput
            key={option.code}
            option={option}
            value={values[option.code]}
            onChange={(v) => {
              setValue(option.code, v);
              onChange?.(option.code);
            }}
            broken={stale ? [] : broken.filter((b) => b.options.includes(option.code))}
            disabled={shown?.disabledChoices ?? []}
            error={errors[option.code]}
          />
        );
      })}
    </Stack>
  );
}

function ValidityLine({ state }: { state: ConfigurationState }) {
  const { result, stale, error } = state;
  if (error)
    return (
      <Alert color="red" variant="light" p="xs" role="alert">
        The configuration could not be checked: {error.message}
      </Alert>
    );
  if (!result || stale)
    return (
      <Group gap={6} fz="sm" c="dimmed" data-testid="configuration-validity" data-state="checking">
        <Loader size={12} /> Checking the configuration…
      </Group>
    );
  const n = result.brokenRules.length;
  return result.valid ? (
    <Text fz="sm" fw={600} c="green.8" data-testid="configuration-validity" data-state="valid">
      ✓ Valid configuration: it can be built as chosen
    </Text>
  ) : (
    <Text fz="sm" fw={600} c="red.7" data-testid="configuration-validity" data-state="invalid">
      Cannot be built as chosen: {n} {n === 1 ? 'rule is' : 'rules are'} broken (see the options marked below)
    </Text>
  );
}
