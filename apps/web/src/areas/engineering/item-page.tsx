import { Badge, Box, Button, Group, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { Fact } from '../../ui/fact';
import { formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { ItemSuppliers } from '../purchasing/item-suppliers';
import { BomDraft } from './bom-draft';
import { BomTree } from './bom-tree';
import { CadImportDialog } from './cad-import-dialog';
import { type Item, itemQuery, strategyLabels } from './catalog-api';
import { ItemEditForm } from './item-edit-form';
import { ItemKindBadge } from './item-kind-badge';
import { RoutingDraft } from './routing-draft';
import { RoutingTable } from './routing-table';
import { WhereUsed } from './where-used';

type ItemTab = 'bom' | 'where-used' | 'routing' | 'suppliers';

export function ItemPage() {
  const { itemId } = useParams({ from: '/signed-in/items/$itemId' });
  const { tab } = useSearch({ from: '/signed-in/items/$itemId' });
  const navigate = useNavigate({ from: '/items/$itemId' });
  const canWrite = useCan('write', 'Item');
  const canWriteBom = useCan('write', 'Bom');
  const canWriteRouting = useCan('write', 'Routing');
  const canReadRouting = useCan('read', 'Routing');
  const canReadSuppliers = useCan('read', 'Supplier');
  const item = useQuery(itemQuery(itemId));
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);

  if (item.isPending) return <PageLoader />;
  if (item.isError) return <ErrorNotice error={item.error} onRetry={() => item.refetch()} />;
  const it = item.data;
  const tabs: ItemTab[] = [
    'bom',
    'where-used',
    ...(canReadRouting ? (['routing'] as const) : []),
    ...(canReadSuppliers && it.kind === 'buy' ? (['suppliers'] as const) : []),
  ];
  // a bought part has no BOM worth opening on: show who supplies it
  const defaultTab: ItemTab = tabs.includes('suppliers') ? 'suppliers' : 'bom';
  const shownTab = tab && tabs.includes(tab) ? tab : defaultTab;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/items" fz="xs" c="dimmed">
            Items
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="item-number">
              {it.number}
            </span>{' '}
            <Text span inherit fw={400} data-testid="item-title">
              {it.name}
            </Text>
          </>
        }
        badges={
          <>
            <ItemKindBadge kind={it.kind} />
            {it.placeholder && (
              <Badge color="violet" size="sm" variant="light">
                placeholder: estimated cost and lead time
              </Badge>
            )}
            {it.active === false && (
              <Badge color="gray" size="sm">
                inactive
              </Badge>
            )}
          </>
        }
        actions={
          canWrite &&
          !editing && (
            <Button size="sm" variant="default" onClick={() => setEditing(true)}>
              Edit item
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Panel title={editing ? 'Edit item' : 'Item data'} testId="item-details">
          {editing ? <ItemEditForm item={it} onDone={() => setEditing(false)} /> : <ItemFacts item={it} />}
        </Panel>
        <Panel padding={0}>
          <Tabs
            value={shownTab}
            onChange={(value) => navigate({ search: { tab: (value ?? 'bom') as ItemTab }, replace: true })}
          >
            <Tabs.List px="sm">
              <Tabs.Tab value="bom">BOM</Tabs.Tab>
              <Tabs.Tab value="where-used">Where used</Tabs.Tab>
              {canReadRouting && <Tabs.Tab value="routing">Routing</Tabs.Tab>}
              {canReadSuppliers && it.kind === 'buy' && <Tabs.Tab value="suppliers">Suppliers</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="bom">
              {canWriteBom && it.kind !== 'buy' && (
                <Group justify="flex-end" px="sm" pt="sm">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setImporting(true)}
                    data-testid="cad-import-open"
                  >
                    Import CAD BOM…
                  </Button>
                </Group>
              )}
              {importing && <CadImportDialog item={it} onClose={() => setImporting(false)} />}
              <BomTree item={it} />
              {/* a bought part has no BOM of its own */}
              {canWriteBom && it.kind !== 'buy' && <BomDraft item={it} />}
            </Tabs.Panel>
            <Tabs.Panel value="where-used">
              <WhereUsed item={it} />
            </Tabs.Panel>
            {canReadRouting && (
              <Tabs.Panel value="routing">
                <RoutingTable itemId={itemId} />
                {/* only made items have a routing */}
                {canWriteRouting && it.kind === 'make' && <RoutingDraft item={it} />}
              </Tabs.Panel>
            )}
            {canReadSuppliers && it.kind === 'buy' && (
              <Tabs.Panel value="suppliers">
                <ItemSuppliers itemId={itemId} uom={it.uom} />
              </Tabs.Panel>
            )}
          </Tabs>
        </Panel>
      </Stack>
    </>
  );
}

function ItemFacts({ item }: { item: Item }) {
  const lot = item.lotSizing;
  return (
    <SimpleGrid cols={{ base: 2, md: 4, xl: 6 }} spacing="md" verticalSpacing="sm">
      <Fact label="Name" testId="fact-name">
        {item.name}
      </Fact>
      <Fact label="Strategy">{strategyLabels[item.strategy]}</Fact>
      <Fact label="Unit">{item.uom}</Fact>
      <Fact label="Family">{item.family ?? '—'}</Fact>
      <Fact label="Standard cost" testId="fact-standard-cost">
        {formatMoney(item.standardCost)} / {item.uom}
      </Fact>
      <Fact label="Lead time">
        {item.leadTimeDays != null ? `${formatQuantity(item.leadTimeDays)} days` : '—'}
      </Fact>
      <Fact label="Lot sizing">
        {lot.rule}
        {lot.quantity != null ? ` · ${formatQuantity(lot.quantity, item.uom)}` : ''}
      </Fact>
      <Fact label="Safety stock">{formatQuantity(item.safetyStock, item.uom)}</Fact>
      <Fact label="Reorder point">{formatQuantity(item.reorderPoint, item.uom)}</Fact>
      <Fact label="Scrap">{formatQuantity(item.scrapFactor * 100)} %</Fact>
      <Fact label="Issue to jobs">{item.issueMethod === 'backflush' ? 'backflush' : 'manual (scan)'}</Fact>
      <Fact label="Configurable">{item.configurable ? 'yes' : 'no'}</Fact>
      <Fact label="Version">{item.version}</Fact>
      {item.description && (
        <Box style={{ gridColumn: '1 / -1' }}>
          <Fact label="Description">{item.description}</Fact>
        </Box>
      )}
    </SimpleGrid>
  );
}
