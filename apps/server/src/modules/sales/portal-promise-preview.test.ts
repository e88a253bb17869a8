/**
 * The live promise of a request being filled in the portal: the same capable-to-promise as a
 * quote line's, for items the portal offers, answered with P50/P90 only, and written nowhere.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';

let t: TestApp;
let cookie = '';
let customerId = '';
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const CONFIGURATION = { length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted', marking: 'NW-7' };

const preview = (body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/portal/promise-preview',
    payload: body,
    cookies: { [SESSION_COOKIE]: cookie },
  });

/** Rows of every table of the plant's schema, one query. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = t.services.db;
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts = await queryRows<{ name: string; n: number }>(
    db,
    sql.join(
      tables.map(
        (x) => sql`select ${x.name}::text as name, count(*)::int as n from ${sql.identifier(x.name)}`,
      ),
      sql` union all `,
    ),
  );
  return Object.fromEntries(counts.map((c) => [c.name, Number(c.n)]));
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  for (const number of ['AS-DRIVE-080', 'CFG-FLANGED-SHAFT', 'MP-SHAFT-080']) {
    const found = (await t.as('sales').get(`/api/items?q=${number}`)).json();
    ids[number] = found.items.find((i: { number: string }) => i.number === number).id;
  }
  [{ id: customerId }] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const user = await t.as('admin').post('/api/users', {
    email: 'buyer@preview.example',
    name: 'Buyer',
    password: TEST_PASSWORD,
    roles: ['customer'],
    customerId,
  });
  expect(user.statusCode, user.body).toBe(201);
  cookie = (await t.services.identity.login('buyer@preview.example', TEST_PASSWORD)).sessionToken;
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the live promise of a portal request', () => {
  it('returns the date a request would be promised and writes nothing', async () => {
    const before = await rowCounts();
    const answer = await preview({ itemId: ids['AS-DRIVE-080'], quantity: 2, requestedDate: inDays(40) });
    const configured = await preview({
      itemId: ids['CFG-FLANGED-SHAFT'],
      quantity: 3,
      requestedDate: inDays(50),
      configuration: CONFIGURATION,
    });
    const after = await rowCounts();
    expect(answer.statusCode, answer.body).toBe(200);
    expect(configured.statusCode, configured.body).toBe(200);
    expect(after).toEqual(before);

    const { promisedDate, promise } = answer.json();
    expect(promisedDate >= inDays(40)).toBe(true);
    expect(Date.parse(promise.p50At)).toBeLessThanOrEqual(Date.parse(promise.p90At));
    // the customer sees dates only: nothing of what the date hangs on or what it costs us
    expect(Object.keys(answer.json()).sort()).toEqual(['promise', 'promisedDate']);
    expect(JSON.stringify(answer.json())).not.toMatch(/cost|margin|binding|explanation|job/i);

    // a request with the same line is promised the same date
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/portal/quote-requests',
      payload: { lines: [{ itemId: ids['AS-DRIVE-080'], quantity: 2, requestedDate: inDays(40) }] },
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().lines[0].promisedDate).toBe(promisedDate);
  });

  it('answers an item the portal does not offer, a past date or a broken configuration at its field', async () => {
    const part = await preview({ itemId: ids['MP-SHAFT-080'], quantity: 1, requestedDate: inDays(30) });
    expect(part.statusCode).toBe(422);
    expect(part.json().errors).toEqual([expect.objectContaining({ field: 'itemId', rule: 'offered' })]);
    const past = await preview({ itemId: ids['AS-DRIVE-080'], quantity: 1, requestedDate: inDays(-3) });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0]).toMatchObject({ field: 'requestedDate', rule: 'not-past' });
    const broken = await preview({
      itemId: ids['CFG-FLANGED-SHAFT'],
      quantity: 1,
      requestedDate: inDays(30),
      configuration: { ...CONFIGURATION, diameter: 60 },
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors[0]).toMatchObject({ field: 'configuration.flange' });
    const noQuantity = await preview({ itemId: ids['AS-DRIVE-080'], quantity: 0, requestedDate: inDays(30) });
    expect(noQuantity.statusCode).toBe(400);
    expect(noQuantity.json().errors[0]).toMatchObject({ field: 'quantity' });
  });

  it('is documented in the OpenAPI document', async () => {
    const paths = Object.keys((await t.anonymous.get('/api/openapi.json')).json().paths);
    expect(paths).toContain('/api/portal/promise-preview');
  });
});
