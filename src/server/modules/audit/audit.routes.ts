import { AuditEvent, AuditListQuery, pageOf } from '../../../shared/index.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { listAuditEvents } from './audit.store.js';

export function registerAuditRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/audit',
    { config: { permission: 'audit:read' }, schema: { tags: ['audit'], summary: 'The audit log, newest first; read only', querystring: AuditListQuery, response: { 200: pageOf(AuditEvent) } } },
    (request) => listAuditEvents(store.db, request.query),
  );
}
