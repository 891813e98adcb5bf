import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';

function postCsv(server: TestServer, kind: string, csv: string, query = '', as: 'manager' | 'agent' = 'manager') {
  return server.api('POST', `/api/imports/${kind}${query}`, csv, { as, headers: { 'content-type': 'text/csv' } });
}

describe.each(ENGINES)('CSV import on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  const customersCsv = [
    'External Ref,Name,Email,Phone,Timezone,Language,Tier',
    'CRM-1,Ana Silva,ana@example.com,+351 21 000 0000,Europe/Lisbon,pt,gold',
    'CRM-2,"Brown, Tom",tom@example.co.uk,,Europe/London,en,',
  ].join('\n');

  it('imports customers and orders, and a second import of the same files changes nothing', async () => {
    const first = await postCsv(server, 'customers', customersCsv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 2, created: 2, updated: 0, imported: true, problems: [] });

    const ordersCsv = [
      'external_id,customer_external_ref,purchased_at,delivered_at,status,currency,sku,description,quantity,unit_price_minor',
      'SO-1,CRM-1,2026-10-01T10:00:00Z,2026-10-03T12:00:00Z,delivered,EUR,KET-1,Kettle,1,4999',
      'SO-1,CRM-1,2026-10-01T10:00:00Z,2026-10-03T12:00:00Z,delivered,EUR,FIL-1,Filter,2,350',
      'SO-2,CRM-2,2026-10-02T10:00:00Z,,paid,GBP,TOA-1,Toaster,1,2999',
    ].join('\n');
    const orders = await postCsv(server, 'orders', ordersCsv);
    expect(orders.body).toMatchObject({ rows: 3, created: 2, imported: true });

    const again = await postCsv(server, 'customers', customersCsv);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect((await postCsv(server, 'orders', ordersCsv)).body).toMatchObject({ created: 0, unchanged: 2 });

    const tom = await server.api('GET', '/api/customers?q=tom@example');
    expect(tom.body.items).toHaveLength(1);
    expect(tom.body.items[0]).toMatchObject({ name: 'Brown, Tom', tier: 'standard', timezone: 'Europe/London' });
    const kettleOrder = await server.api('GET', '/api/transactions?q=SO-1');
    expect(kettleOrder.body.items[0]).toMatchObject({ totalMinor: 4999 + 700, currency: 'EUR', lineItems: [{ sku: 'KET-1' }, { sku: 'FIL-1' }] });
  });

  it('updates a customer when a later file changes them', async () => {
    await postCsv(server, 'customers', 'external_ref,name,tier\nCRM-UP,Upgraded Person,silver');
    const changed = await postCsv(server, 'customers', 'external_ref,name,tier\nCRM-UP,Upgraded Person,platinum');
    expect(changed.body).toMatchObject({ updated: 1 });
    const found = await server.api('GET', '/api/customers?q=Upgraded');
    expect(found.body.items[0].tier).toBe('platinum');
  });

  it('reports every bad row by line and imports nothing by default', async () => {
    const before = await server.api('GET', '/api/customers?limit=200');
    const bad = [
      'external_ref,name,email,timezone,tier',
      'CRM-10,Good Row,good@example.com,Europe/Paris,gold',
      'CRM-11,,bad-email,Europe/Paris,gold',
      'CRM-12,Wrong Zone,z@example.com,Moon/Base,diamond',
      'CRM-10,Duplicate,d@example.com,UTC,gold',
    ].join('\n');
    const response = await postCsv(server, 'customers', bad);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_csv');
    expect(response.body.report).toMatchObject({ imported: false, rejected: 3, created: 0 });
    const where = response.body.report.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`);
    expect(where).toEqual(['3:name', '3:email', '4:timezone', '4:tier', '5:external_ref']);
    const after = await server.api('GET', '/api/customers?limit=200');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('imports the good rows in valid-only mode and still reports the bad ones', async () => {
    const csv = 'external_ref,name,email\nCRM-20,Kept,kept@example.com\nCRM-21,Dropped,nope';
    const response = await postCsv(server, 'customers', csv, '?mode=valid-only');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 1, rejected: 1, imported: true, problems: [{ line: 3, field: 'email' }] });
  });

  it('refuses orders for unknown customers and files without the needed columns', async () => {
    const unknown = await postCsv(
      server,
      'orders',
      'external_id,customer_external_ref,purchased_at,sku,description,quantity,unit_price_minor\nSO-9,CRM-NOPE,2026-10-01T10:00:00Z,A,B,1,100',
    );
    expect(unknown.body.report.problems).toEqual([{ line: 2, field: 'customer_external_ref', reason: 'refers to no customer (CRM-NOPE)' }]);
    const missing = await postCsv(server, 'customers', 'name,email\nA,a@example.com');
    expect(missing.body.report.problems).toEqual([{ line: 1, field: 'external_ref', reason: 'column is missing from the header' }]);
  });

  it('is for supervisors and up, not agents', async () => {
    expect((await postCsv(server, 'customers', customersCsv, '', 'agent')).status).toBe(403);
  });
});
