import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import { sha256Hex } from '../shared/crypto.ts';

export type AuditOutcome = 'success' | 'failure' | 'refused';

/** Who acts and from where: carried from the HTTP request into every use case that audits. */
export interface RequestContext {
  actorId: string | null;
  actorRole: 'professional' | 'support' | null;
  ip: string | null;
  userAgent: string | null;
}

export const systemContext: RequestContext = { actorId: null, actorRole: null, ip: null, userAgent: null };

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  patientId?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown> | null;
  /** Overrides the context's actor (e.g. a failed login names the account it targeted). */
  actorId?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_CHAIN_LOCK = 727_002;

/** The exact bytes a record's hash covers; `verifyAudit` recomputes them. */
export function auditDigest(
  prevHash: string,
  r: {
    seq: number;
    at: string;
    actorId: string | null;
    actorRole: string | null;
    action: string;
    outcome: string;
    patientId: string | null;
    targetId: string | null;
    ip: string | null;
    userAgent: string | null;
    details: unknown;
  },
): string {
  const canonical = JSON.stringify([
    prevHash,
    r.seq,
    r.at,
    r.actorId,
    r.actorRole,
    r.action,
    r.outcome,
    r.patientId,
    r.targetId,
    r.ip,
    r.userAgent,
    canonicalJson(r.details ?? null),
  ]);
  return sha256Hex(canonical);
}

/** JSON with object keys sorted, so that jsonb's own key order does not change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Appends records, each chained to the previous one. Must run inside the transaction of the change they
 * record: the advisory lock serialises writers until commit, so the chain has no fork and no gap.
 */
export async function appendAudit(
  tx: DbOrTx,
  clock: Clock,
  ctx: RequestContext,
  ...entries: AuditEntry[]
): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await rows<{ seq: string | number; hash: string }>(
    tx,
    sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
  );
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = clock.now().toISOString();
  const values = entries.map((entry) => {
    const record = {
      seq: ++seq,
      at,
      actorId: entry.actorId !== undefined ? entry.actorId : ctx.actorId,
      actorRole: ctx.actorRole,
      action: entry.action,
      outcome: entry.outcome,
      patientId: entry.patientId ?? null,
      targetId: entry.targetId ?? null,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: entry.details ?? null,
    };
    const hash = auditDigest(prevHash, record);
    const row = sql`(${record.seq}, ${record.at}, ${record.actorId}::uuid, ${record.actorRole}, ${record.action}, ${record.outcome},
            ${record.patientId}::uuid, ${record.targetId}, ${record.ip}, ${record.userAgent},
            ${record.details === null ? null : canonicalJson(record.details)}::jsonb, ${prevHash}, ${hash})`;
    prevHash = hash;
    return row;
  });
  await tx.execute(sql`
    INSERT INTO audit_log (seq, at, actor_id, actor_role, action, outcome, patient_id, target_id, ip, user_agent,
                           details, prev_hash, hash)
    VALUES ${sql.join(values, sql`, `)}`);
}
