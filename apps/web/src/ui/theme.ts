/** The look of Takt: a calm, dense office tool. Small controls, tight tables, one accent colour. */
import {
  Badge,
  createTheme,
  type MantineColorsTuple,
  NavLink,
  NumberInput,
  Table,
  Tabs,
} from '@mantine/core';

const steel: MantineColorsTuple = [
  '#eef3fa',
  '#dce4ef',
  '#b5c7de',
  '#8ba8cd',
  '#688ebf',
  '#527eb7',
  '#4676b4',
  '#37649e',
  '#2e598e',
  '#1f4c7f',
];

export const theme = createTheme({
  primaryColor: 'steel',
  colors: { steel },
  primaryShade: 7,
  defaultRadius: 'sm',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: { fontWeight: '600' },
  components: {
    Table: Table.extend({
      defaultProps: { verticalSpacing: 5, horizontalSpacing: 'sm', fz: 'sm', highlightOnHover: true },
    }),
    NavLink: NavLink.extend({ defaultProps: { py: 6 } }),
    Badge: Badge.extend({ defaultProps: { radius: 'sm', variant: 'light' } }),
    Tabs: Tabs.extend({ defaultProps: { keepMounted: false } }),
    NumberInput: NumberInput.extend({ defaultProps: { hideControls: true } }),
  },
});
