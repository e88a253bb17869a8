/**
 * Picks an active customer by searching the server (GET /api/customers?q=), like ItemSelect
 * does for items. The chosen customer stays an option, so its label shows.
 */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Customer } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { customerListQuery } from './sales-api';

const labelOf = (c: Pick<Customer, 'number' | 'name'>) => `${c.number} · ${c.name}`;

export function CustomerSelect({
  value,
  onChange,
  error,
}: {
  value: Customer | null;
  onChange: (customer: Customer) => void;
  error?: string;
}) {
  const [search, setSearch] = useState(value ? labelOf(value) : '');
  const typed = value && search === labelOf(value) ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 250);
  const options = useQuery({
    ...customerListQuery({ q: q || undefined, offset: 0, limit: 20 }),
    placeholderData: keepPreviousData,
  });
  const byId = new Map<string, Customer>(
    (options.data?.items ?? []).filter((c) => c.active).map((c) => [c.id, c]),
  );
  if (value && !byId.has(value.id)) byId.set(value.id, value);
  return (
    <Select
      label="Customer"
      name="customerId"
      searchable
      placeholder="Search number or name"
      value={value?.id ?? null}
      data={[...byId.values()].map((c) => ({ value: c.id, label: labelOf(c) }))}
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const chosen = id ? byId.get(id) : undefined;
        if (chosen) onChange(chosen);
      }}
      allowDeselect={false}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No customer matches'}
      error={error}
    />
  );
}
