import { Anchor, Table, Text } from '@mantine/core';

interface Contact {
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
}

/** The people to call at a supplier or customer. */
export function ContactsTable({ contacts }: { contacts: readonly Contact[] }) {
  if (contacts.length === 0)
    return (
      <Text c="dimmed" fz="sm" p="md">
        No contacts.
      </Text>
    );
  return (
    <Table className="takt-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Email</Table.Th>
          <Table.Th>Phone</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {contacts.map((c) => (
          <Table.Tr key={`${c.name}-${c.email ?? ''}`}>
            <Table.Td fw={500}>{c.name}</Table.Td>
            <Table.Td>{c.role ?? '—'}</Table.Td>
            <Table.Td>
              {c.email ? (
                <Anchor href={`mailto:${c.email}`} fz="sm">
                  {c.email}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>{c.phone ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
