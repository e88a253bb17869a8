/** A configured line's options in the configurator's words, one compact run: "Length 1200 mm · Flange Bolted flange". */
import { Text } from '@mantine/core';
import { Fragment } from 'react';

export function ConfigurationWords({ options }: { options: { option: string; value: string }[] }) {
  if (options.length === 0) return null;
  return (
    <Text fz="xs" mt={2} data-testid="line-configuration">
      {options.map((o, i) => (
        <Fragment key={o.option}>
          {i > 0 && (
            <Text span inherit c="dimmed">
              {' · '}
            </Text>
          )}
          <Text span inherit c="dimmed" data-testid="configured-option" data-option={o.option}>
            {o.option}
          </Text>{' '}
          <Text span inherit fw={500}>
            {o.value}
          </Text>
        </Fragment>
      ))}
    </Text>
  );
}
