/** How the terminal and the quality pages write a characteristic's limits and how often it is measured. */
import type { Characteristic } from './quality-api';

/** "59.97 – 60 mm", "≤ 0.4 µm", "≥ 430 N·m". */
export function limitsText(c: Characteristic): string {
  const unit = c.unit ? ` ${c.unit}` : '';
  if (c.lowerLimit !== null && c.upperLimit !== null) return `${c.lowerLimit} – ${c.upperLimit}${unit}`;
  if (c.upperLimit !== null) return `≤ ${c.upperLimit}${unit}`;
  if (c.lowerLimit !== null) return `≥ ${c.lowerLimit}${unit}`;
  return 'no limits';
}

/** "every part", "every 5th part". */
export function frequencyText(n: number): string {
  if (n <= 1) return 'every part';
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `every ${n}${suffix} part`;
}
