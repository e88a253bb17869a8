/**
 * The webhook signature, Stripe-style: `Takt-Signature: t=<unix seconds>,v1=<hex>` where hex is
 * HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes), over `<t>.<raw body>`.
 * Signing the timestamp with the body lets a receiver refuse replays of old deliveries; a
 * receiver checks it like `verifyWebhookSignature` does (and deduplicates on Takt-Event-Id,
 * because delivery is at least once).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'takt-signature';

/** A new secret: 32 random bytes, url-safe. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

export type SignatureCheck =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'malformed' | 'mismatch' | 'too-old' };

/**
 * What a receiver does with a delivery: parse the header, recompute the HMAC over the raw
 * body as received (before any JSON parsing), compare in constant time, and refuse a
 * timestamp further than `toleranceSeconds` from its own clock. Several v1 values may be
 * present (during a secret rotation); one match is enough.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: 'malformed' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  const candidates = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v);
  if (!Number.isInteger(timestamp) || candidates.length === 0) return { valid: false, reason: 'malformed' };
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody), 'hex');
  const matches = candidates.some((c) => {
    const given = Buffer.from(c, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { valid: false, reason: 'mismatch' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300))
    return { valid: false, reason: 'too-old' };
  return { valid: true, timestamp };
}
