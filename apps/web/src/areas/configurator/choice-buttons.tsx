/**
 * The choices of a choice option as a row of buttons, one pressed. A choice that would break a
 * rule with the other options as they are is greyed out and says why (tooltip and the text
 * under the row) but stays selectable: a user who wants a bolted flange picks it first and then
 * the diameter it needs, passing through a configuration that breaks a rule on the way.
 */
import { Button, Group, Tooltip } from '@mantine/core';
import type { ConfiguratorOption, DisabledChoice, OptionValue } from './configurator-api';

type ChoiceOption = Extract<ConfiguratorOption, { kind: 'choice' }>;

export function ChoiceButtons({
  option,
  value,
  disabled,
  onChange,
}: {
  option: ChoiceOption;
  value: OptionValue | undefined;
  disabled: DisabledChoice[];
  onChange: (value: OptionValue) => void;
}) {
  return (
    <Group gap={6} role="radiogroup" aria-label={option.label} wrap="wrap">
      {option.choices.map((choice) => {
        const selected = choice.value === value;
        const conflict = disabled.find((d) => d.value === choice.value);
        const reason = conflict?.reasons.map((r) => r.message).join('; ');
        const button = (
          <Button
            key={String(choice.value)}
            size="sm"
            role="radio"
            aria-checked={selected}
            aria-description={reason ? `conflicts: ${reason}` : undefined}
            variant={selected ? 'filled' : conflict ? 'subtle' : 'default'}
            color={selected ? undefined : conflict ? 'gray' : undefined}
            data-testid="choice"
            data-option={option.code}
            data-value={String(choice.value)}
            data-selected={selected || undefined}
            data-conflict={conflict ? 'true' : undefined}
            styles={
              conflict && !selected
                ? {
                    root: {
                      border: '1px dashed var(--mantine-color-gray-4)',
                      color: 'var(--mantine-color-gray-5)',
                    },
                  }
                : undefined
            }
            onClick={() => onChange(choice.value)}
          >
            {choice.label}
          </Button>
        );
        return reason ? (
          <Tooltip key={String(choice.value)} label={reason} multiline maw={320} withArrow>
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </Group>
  );
}
