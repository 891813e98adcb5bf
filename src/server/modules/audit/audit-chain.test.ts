import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChainVerifier, GENESIS_HASH, hashAuditEvent, type ChainedEvent } from './audit-chain.js';

const event = (seq: number, prevHash: string): ChainedEvent => ({
  seq,
  occurredAt: '2026-11-26T12:00:00.000Z',
  actorType: 'user',
  actorId: 'usr_1',
  actorName: 'Ana Silva',
  action: 'create',
  entityType: 'cases',
  entityId: `case_${seq}`,
  beforeJson: null,
  afterJson: JSON.stringify({ subject: 'Kettle “stopped” heating', number: `C-${1000 + seq}` }),
  prevHash,
});

describe('the audit hash chain', () => {
  it('hashes the event’s fields in their fixed order, as every stored chain was hashed', () => {
    const first = event(1, GENESIS_HASH);
    const canonical = JSON.stringify([1, first.occurredAt, 'user', 'usr_1', 'Ana Silva', 'create', 'cases', 'case_1', null, first.afterJson, GENESIS_HASH]);
    expect(hashAuditEvent(first)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('verifies an intact chain and names the first changed event', () => {
    const chain: (ChainedEvent & { hash: string })[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const e = event(seq, prev);
      prev = hashAuditEvent(e);
      chain.push({ ...e, hash: prev });
    }
    const intact = createChainVerifier();
    for (const e of chain) expect(intact.check(e)).toBeNull();
    expect(intact.finish(3)).toEqual({ ok: true, checked: 3 });

    const tampered = createChainVerifier();
    tampered.check(chain[0]!);
    expect(tampered.check({ ...chain[1]!, afterJson: '{"subject":"edited"}' })).toMatchObject({ kind: 'changed', seq: 2 });
  });
});
