import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { AuditRecord } from '@relais/contracts';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';

export interface AuditFilters {
  actorId?: string | undefined;
  patientId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  limit: number;
}

/** Newest first, filtered by actor, patient, period and action. */
export async function queryAudit(db: DbOrTx, f: AuditFilters): Promise<AuditRecord[]> {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.patientId) where.push(eq(auditLog.patientId, f.patientId));
  if (f.from) where.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) where.push(lte(auditLog.at, new Date(f.to)));
  if (f.action) where.push(eq(auditLog.action, f.action));
  const found = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(f.limit);
  return found.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    outcome: r.outcome,
    patientId: r.patientId,
    targetId: r.targetId,
    ip: r.ip,
    userAgent: r.userAgent,
    details: (r.details as Record<string, unknown> | null) ?? null,
    hash: r.hash,
  }));
}
