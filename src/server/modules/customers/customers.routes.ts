import { z } from 'zod';
import { CreateCustomer, Customer, CustomerListQuery, IdParams, JourneyEntry, pageOf, UpdateCustomer } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { toCase, toInteraction } from '../cases/cases.store.js';
import { toTransaction } from '../transactions/transactions.store.js';
import { createCustomer, customerRowOrThrow, listCustomers, toCustomer, updateCustomer } from './customers.store.js';
import { buildJourney } from './journey.js';

export function registerCustomerRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/customers',
    { config: { permission: 'record:read' }, schema: { tags: ['customers'], summary: 'Customers, newest first', querystring: CustomerListQuery, response: { 200: pageOf(Customer) } } },
    (request) => listCustomers(store.db, store.engine, request.query),
  );
  app.get(
    '/api/customers/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['customers'], summary: 'One customer', params: IdParams, response: { 200: Customer } } },
    async (request) => toCustomer(await customerRowOrThrow(store.db, request.params.id)),
  );
  app.post(
    '/api/customers',
    { config: { permission: 'record:write' }, schema: { tags: ['customers'], summary: 'Create a customer', body: CreateCustomer, response: { 201: Customer } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createCustomer(work, request.body)),
  );
  app.patch(
    '/api/customers/:id',
    { config: { permission: 'record:write' }, schema: { tags: ['customers'], summary: 'Change a customer’s details', params: IdParams, body: UpdateCustomer, response: { 200: Customer } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateCustomer(work, request.params.id, request.body)),
  );
  app.get(
    '/api/customers/:id/timeline',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['customers'],
        summary: 'The customer’s journey: purchases, deliveries, cases and contacts, newest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(JourneyEntry) }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await customerRowOrThrow(store.db, id);
      const [transactions, cases, interactions] = await Promise.all([
        store.db.selectFrom('transactions').selectAll().where('customer_id', '=', id).execute(),
        store.db.selectFrom('cases').selectAll().where('customer_id', '=', id).execute(),
        store.db.selectFrom('interactions').selectAll().where('customer_id', '=', id).execute(),
      ]);
      return { items: buildJourney(transactions.map(toTransaction), cases.map(toCase), interactions.map(toInteraction)) };
    },
  );
}
