import { Badge } from '@mantine/core';
import { type ItemKind, itemKindLabels } from './catalog-api';

const colors: Record<ItemKind, string> = { make: 'steel', buy: 'teal', phantom: 'grape' };

export function ItemKindBadge({ kind }: { kind: ItemKind }) {
  return (
    <Badge size="sm" color={colors[kind]}>
      {itemKindLabels[kind]}
    </Badge>
  );
}
