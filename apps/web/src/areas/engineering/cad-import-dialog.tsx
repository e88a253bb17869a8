/**
 * Import a CAD BOM (indented CSV or XLSX from SolidWorks, Inventor, AutoCAD Electrical) under
 * an item: the file is previewed first (POST .../cad-import/preview, nothing written), the diff
 * against each assembly's current revision shown colour-coded, and Apply writes exactly that
 * as new draft revisions. A bad file lists every bad row with its reason.
 */
import { Alert, Badge, Button, FileInput, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import { type CadImportPreview, cadImportPreview, cadImportResult } from '@takt/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../ui/api-client';
import { formatQuantity } from '../../ui/format';
import type { Item } from './catalog-api';

const changeColors = { added: 'green', removed: 'red', changed: 'orange', unchanged: 'gray' } as const;
const rowTint = {
  added: 'var(--mantine-color-green-light)',
  removed: 'var(--mantine-color-red-light)',
  changed: 'var(--mantine-color-orange-light)',
  unchanged: undefined,
} as const;

async function bodyOf(file: File) {
  const xlsx = /\.xlsx$/i.test(file.name);
  if (!xlsx) return { fileName: file.name, format: 'csv' as const, content: await file.text() };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, format: 'xlsx' as const, content: btoa(binary) };
}

interface Failure {
  message: string;
  rows: { field: string; message: string }[];
}

const failureOf = (error: unknown): Failure =>
  error instanceof ApiError
    ? {
        message:
          error.problem.title === 'Unprocessable Content' ? 'The file was rejected' : error.problem.title,
        rows: error.problem.errors.map((e) => ({ field: e.field, message: e.message })),
      }
    : { message: (error as Error).message, rows: [] };

export function CadImportDialog({ item, onClose }: { item: Item; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CadImportPreview | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: 'preview' | 'apply') => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = await bodyOf(file);
      if (what === 'preview')
        setPreview(
          await api.post(`/api/items/${item.id}/cad-import/preview`, body, { schema: cadImportPreview }),
        );
      else {
        await api.post(`/api/items/${item.id}/cad-import/apply`, body, { schema: cadImportResult });
        await queryClient.invalidateQueries({ queryKey: ['items'] });
        onClose();
      }
    } catch (error) {
      setFailure(failureOf(error));
      if (what === 'preview') setPreview(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size={960}
      title={
        <Text fw={600}>
          Import a CAD BOM under <span className="takt-mono">{item.number}</span>
        </Text>
      }
      data-testid="cad-import-dialog"
    >
      <Stack gap="sm">
        <Text fz="sm" c="dimmed">
          An indented BOM export as CSV or XLSX: a Level or Item No. column (1, 1.1, 1.1.2 or 1, 2, 3), Part
          Number, Description, Qty, optionally Material and Unit. Known part numbers are matched, the others
          become new items.
        </Text>
        <FileInput
          label="BOM file"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          placeholder="Choose a .csv or .xlsx file"
          value={file}
          onChange={(f) => {
            setFile(f);
            setPreview(null);
            setFailure(null);
          }}
          data-testid="cad-import-file"
        />
        {failure && (
          <Alert
            color="red"
            variant="light"
            title={failure.message}
            role="alert"
            data-testid="cad-import-errors"
          >
            {failure.rows.length > 0 && (
              <List size="sm">
                {failure.rows.map((r) => (
                  <List.Item key={`${r.field}:${r.message}`}>
                    <b>{r.field}</b>: {r.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {preview && <CadDiff preview={preview} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="light" disabled={!file} loading={busy && !preview} onClick={() => run('preview')}>
            Preview
          </Button>
          <Button
            disabled={!preview || preview.summary.revisionsToWrite === 0}
            loading={busy && !!preview}
            onClick={() => run('apply')}
            data-testid="cad-import-apply"
          >
            Apply: {preview?.summary.revisionsToWrite ?? 0} new draft revision
            {preview?.summary.revisionsToWrite === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CadDiff({ preview }: { preview: CadImportPreview }) {
  const s = preview.summary;
  return (
    <Stack gap="xs" data-testid="cad-import-preview">
      <Group gap={6}>
        <Badge color="green" variant="light">
          {s.added} added
        </Badge>
        <Badge color="orange" variant="light">
          {s.changed} changed
        </Badge>
        <Badge color="red" variant="light">
          {s.removed} removed
        </Badge>
        <Badge color="gray" variant="light">
          {s.unchanged} unchanged
        </Badge>
        <Badge color="blue" variant="light">
          {s.newItems} new items
        </Badge>
      </Group>
      {preview.assemblies.map((a) => (
        <div
          key={a.itemNumber}
          data-testid={`cad-assembly-${a.itemNumber}`}
          style={{ paddingLeft: a.level * 20 }}
        >
          <Group gap="xs" mb={4}>
            <Text fw={600} fz="sm" className="takt-mono">
              {a.itemNumber}
            </Text>
            <Text fz="xs" c="dimmed">
              {a.baseRevision
                ? `against revision ${a.baseRevision.revision} (${a.baseRevision.status})`
                : 'no BOM yet'}
            </Text>
            <Badge
              size="xs"
              color={a.status === 'unchanged' ? 'gray' : a.status === 'new' ? 'green' : 'orange'}
            >
              {a.status === 'unchanged'
                ? 'unchanged, not written'
                : a.status === 'new'
                  ? 'new BOM'
                  : 'new revision'}
            </Badge>
          </Group>
          <Table withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>Change</Table.Th>
                <Table.Th>Part</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right">Before</Table.Th>
                <Table.Th ta="right">After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.lines.map((l) => (
                <Table.Tr
                  key={`${l.change}:${l.childNumber}`}
                  style={{ background: rowTint[l.change] }}
                  data-change={l.change}
                >
                  <Table.Td>
                    <Badge
                      size="sm"
                      color={changeColors[l.change]}
                      variant={l.change === 'unchanged' ? 'light' : 'filled'}
                    >
                      {l.change}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="takt-mono">
                    {l.childNumber}
                    {l.newItem && (
                      <Badge size="xs" ml={6} color="blue" variant="light">
                        new item
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{l.childName}</Table.Td>
                  <Table.Td ta="right">
                    {l.quantityBefore === null ? '—' : formatQuantity(l.quantityBefore, l.uomBefore)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {l.quantityAfter === null ? '—' : formatQuantity(l.quantityAfter, l.uomAfter)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ))}
    </Stack>
  );
}
