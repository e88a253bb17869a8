/**
 * Picks an item by searching the server (GET /api/items?q=): the options are the first matches
 * of what was typed, number first. The chosen item stays an option, so its label shows.
 */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { itemOptionsQuery } from './catalog-api';

export interface ItemChoice {
  id: string;
  number: string;
  name: string;
  uom: string;
}

const labelOf = (it: { number: string; name: string }) => `${it.number} · ${it.name}`;

export function ItemSelect({
  value,
  onChange,
  error,
  name,
  label,
}: {
  /** the chosen item, or null */
  value: ItemChoice | null;
  onChange: (item: ItemChoice) => void;
  error?: string;
  /** input name, for errors and tests */
  name: string;
  label: string;
}) {
  const [search, setSearch] = useState(value ? labelOf(value) : '');
  // the search box shows the chosen item's label; that is not a search
  const typed = value && search === labelOf(value) ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 250);
  const options = useQuery({ ...itemOptionsQuery(q), placeholderData: keepPreviousData });
  const found = options.data?.items ?? [];
  const byId = new Map<string, ItemChoice>(found.map((it) => [it.id, it]));
  if (value && !byId.has(value.id)) byId.set(value.id, value);
  return (
    <Select
      size="xs"
      searchable
      aria-label={label}
      data-name={name}
      name={name}
      placeholder="Search number or name"
      value={value?.id ?? null}
      data={[...byId.values()].map((it) => ({ value: it.id, label: labelOf(it) }))}
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const chosen = id ? byId.get(id) : undefined;
        if (chosen) onChange(chosen);
      }}
      allowDeselect={false}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No item matches'}
      error={error}
      comboboxProps={{ width: 360, position: 'bottom-start' }}
    />
  );
}
