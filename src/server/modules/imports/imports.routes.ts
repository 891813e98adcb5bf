import { z } from 'zod';
import { ImportQuery, ImportReport, type ImportMode } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
import { inTransaction, type Actor } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { importCustomers } from './import-customers.js';
import { importOrders } from './import-orders.js';

export const IMPORTERS = { customers: importCustomers, orders: importOrders } as const;
export type ImportKind = keyof typeof IMPORTERS;

/** Runs one import as one transaction. */
export function runImport(store: Store, actor: Actor, kind: ImportKind, csv: string, mode: ImportMode): Promise<ImportReport> {
  return inTransaction(store, actor, (work) => IMPORTERS[kind](work, csv, mode));
}

export function registerImportRoutes(app: Api, { store }: RouteDeps): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  for (const kind of Object.keys(IMPORTERS) as ImportKind[]) {
    app.post(
      `/api/imports/${kind}`,
      {
        config: { permission: 'import:run' },
        schema: {
          tags: ['imports'],
          summary: `Import ${kind} from a CSV file (Content-Type: text/csv)`,
          querystring: ImportQuery,
          body: z.string().describe('the CSV text'),
          response: { 200: ImportReport, 400: z.object({ error: z.unknown(), report: ImportReport }) },
        },
      },
      async (request, reply) => {
        const report = await runImport(store, principalOrThrow(request).actor, kind, request.body, request.query.mode);
        if (report.problems.length === 0 || report.imported) return report;
        const first = report.problems[0]!;
        return reply.code(400).send({
          error: {
            code: 'invalid_csv',
            message: `${report.rejected} bad row(s); nothing was imported. First: line ${first.line}, ${first.field} ${first.reason}`,
            details: report.problems.map((p) => ({ field: `line ${p.line}: ${p.field}`, reason: p.reason })),
          },
          report,
        });
      },
    );
  }
}
