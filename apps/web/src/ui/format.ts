/** How numbers, money and times read on screen: plant units, fixed decimals, the plant's zone. */

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

export function formatQuantity(value: number | string | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  const text = Number.isFinite(n) ? quantityFormat.format(n) : String(value);
  return unit ? `${text} ${unit}` : text;
}

/** Money arrives as integer minor units with an ISO currency. */
export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return '—';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency }).format(
    money.amount / 100,
  );
}

export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '—';
  if (minutes < 60) return `${quantityFormat.format(minutes)} min`;
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso),
  );
}
