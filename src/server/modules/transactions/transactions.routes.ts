import { CreateTransaction, IdParams, pageOf, Transaction, TransactionListQuery, UpdateTransaction } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { createTransaction, listTransactions, toTransaction, transactionRowOrThrow, updateTransaction } from './transactions.store.js';

export function registerTransactionRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/transactions',
    { config: { permission: 'record:read' }, schema: { tags: ['transactions'], summary: 'Orders, newest first', querystring: TransactionListQuery, response: { 200: pageOf(Transaction) } } },
    (request) => listTransactions(store.db, store.engine, request.query),
  );
  app.get(
    '/api/transactions/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['transactions'], summary: 'One order', params: IdParams, response: { 200: Transaction } } },
    async (request) => toTransaction(await transactionRowOrThrow(store.db, request.params.id)),
  );
  app.post(
    '/api/transactions',
    { config: { permission: 'record:write' }, schema: { tags: ['transactions'], summary: 'Record an order', body: CreateTransaction, response: { 201: Transaction } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createTransaction(work, request.body)),
  );
  app.patch(
    '/api/transactions/:id',
    { config: { permission: 'record:write' }, schema: { tags: ['transactions'], summary: 'Change an order’s status or delivery time', params: IdParams, body: UpdateTransaction, response: { 200: Transaction } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateTransaction(work, request.params.id, request.body)),
  );
}
