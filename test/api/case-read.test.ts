import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../../src/server/modules/customers/customers.store.js';
import { openStore } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { aCase, aCustomer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

describe.each(ENGINES)('reading a case as it changes on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('shows every change the moment it is made, however often the case was read before', async () => {
    const customer = await aCustomer(server, { name: 'Before Rename' });
    const opened = await aCase(server, customer.id);
    const read = async () => (await server.api('GET', `/api/cases/${opened.id}`)).body;
    expect((await read()).interactions).toHaveLength(1);
    await read();

    await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'phone', direction: 'outbound', body: 'Called back.' });
    expect((await read()).interactions).toHaveLength(2);

    await server.api('PATCH', `/api/cases/${opened.id}`, { priority: 'urgent', assigneeId: server.users.agent.id });
    expect(await read()).toMatchObject({ priority: 'urgent', assigneeName: 'Test agent' });

    await server.api('PATCH', `/api/customers/${customer.id}`, { name: 'After Rename' });
    expect((await read()).customerName).toBe('After Rename');

    await server.api('PATCH', `/api/users/${server.users.agent.id}`, { name: 'Renamed Agent' }, { as: 'admin' });
    expect((await read()).assigneeName).toBe('Renamed Agent');
  });

  it('shows changes committed by another process on the same store', async () => {
    const customer = await aCustomer(server, { name: 'Seen By Server' });
    const opened = await aCase(server, customer.id);
    expect((await server.api('GET', `/api/cases/${opened.id}`)).body.customerName).toBe('Seen By Server');

    // Another process, such as `aftercare import`, with its own connection to the store.
    const other = openStore(server.location);
    await inTransaction(other, SYSTEM_ACTOR, (work) => updateCustomer(work, customer.id, { name: 'Changed Elsewhere' }));
    await other.close();

    expect((await server.api('GET', `/api/cases/${opened.id}`)).body.customerName).toBe('Changed Elsewhere');
  });
});

