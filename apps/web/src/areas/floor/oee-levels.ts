/**
 * How good an OEE figure is, for colour at a glance. The thresholds follow Nakajima's
 * "world class" (OEE 85 % from availability 90 %, performance 95 %, quality 99 %) for green;
 * red starts where a figure is a loss worth a meeting (OEE under 60 %, about what a typical
 * discrete plant measures); amber lies between.
 *
 *   figure        green    amber        red
 *   OEE           ≥ 85 %   60 – 85 %    < 60 %
 *   availability  ≥ 90 %   75 – 90 %    < 75 %
 *   performance   ≥ 95 %   80 – 95 %    < 80 %
 *   quality       ≥ 99 %   95 – 99 %    < 95 %
 */

export const oeeFactors = ['oee', 'availability', 'performance', 'quality'] as const;
export type OeeFactor = (typeof oeeFactors)[number];
export type OeeLevel = 'good' | 'fair' | 'poor' | 'none';

export const thresholds: Record<OeeFactor, { good: number; fair: number }> = {
  oee: { good: 0.85, fair: 0.6 },
  availability: { good: 0.9, fair: 0.75 },
  performance: { good: 0.95, fair: 0.8 },
  quality: { good: 0.99, fair: 0.95 },
};

export const factorLabels: Record<OeeFactor, string> = {
  oee: 'OEE',
  availability: 'Availability',
  performance: 'Performance',
  quality: 'Quality',
};

export function oeeLevel(factor: OeeFactor, ratio: number | null | undefined): OeeLevel {
  if (ratio === null || ratio === undefined) return 'none';
  const t = thresholds[factor];
  return ratio >= t.good ? 'good' : ratio >= t.fair ? 'fair' : 'poor';
}

/** Colours of the levels: Mantine names for text, the same shades in hex for the charts. */
export const levelColors: Record<OeeLevel, { mantine: string; hex: string; tint: string }> = {
  good: { mantine: 'green.8', hex: '#2f9e44', tint: 'green.0' },
  fair: { mantine: 'yellow.9', hex: '#e67700', tint: 'yellow.0' },
  poor: { mantine: 'red.8', hex: '#e03131', tint: 'red.0' },
  none: { mantine: 'gray.6', hex: '#868e96', tint: 'gray.0' },
};

/** Colours of the factors in the charts: distinct from the level colours and from each other. */
export const factorColors: Record<Exclude<OeeFactor, 'oee'>, string> = {
  availability: '#1971c2',
  performance: '#7048e8',
  quality: '#0c8599',
};

/** "87.2 %": a ratio 0..1 in percent with one decimal; "—" when there is nothing to measure. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(1)} %`;
}
