/** How far an order has come and how sure its date is, from its lines, for the portal. */
import type { PortalOrder, StageProgress } from './portal-api';

/** "90 % sure" */
export const formatConfidence = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)} % sure`);

export const stageLabels: Record<StageProgress['stage'], string> = {
  material: 'Material',
  production: 'Production',
  shipped: 'Shipped',
};
export const stages = ['material', 'production', 'shipped'] as const;

/**
 * An order's progress per stage: the mean over the lines the stage applies to (null when it
 * applies to none), so a two-line order half shipped reads 50 %.
 */
export function orderProgress(order: PortalOrder): StageProgress[] {
  return stages.map((stage) => {
    const applies = order.lines
      .map((l) => l.progress.find((p) => p.stage === stage)?.percent)
      .filter((p): p is number => typeof p === 'number');
    return {
      stage,
      percent: applies.length === 0 ? null : applies.reduce((s, p) => s + p, 0) / applies.length,
    };
  });
}

/** Shipped (or invoiced since): the goods have left, so how sure their date is no longer applies. */
export const delivered = (status: string) => status === 'shipped' || status === 'invoiced';

/**
 * The lowest confidence of the order's lines: the order is as sure as its least sure line;
 * none once it is delivered.
 */
export function orderConfidence(order: PortalOrder): number | null {
  if (delivered(order.status)) return null;
  const known = order.lines.map((l) => l.confidence).filter((c): c is number => c !== null);
  return known.length === 0 ? null : Math.min(...known);
}
