import type { Clock } from '../clock.ts';
import { type DbOrTx } from '../db/client.ts';
export type AuditOutcome = 'success' | 'failure' | 'refused';
/** Who acts and from where: carried from the HTTP request into every use case that audits. */
export interface RequestContext {
    actorId: string | null;
    actorRole: 'professional' | 'support' | null;
    ip: string | null;
    userAgent: string | null;
}
export declare const systemContext: RequestContext;
export interface AuditEntry {
    action: string;
    outcome: AuditOutcome;
    patientId?: string | null;
    targetId?: string | null;
    details?: Record<string, unknown> | null;
    /** Overrides the context's actor (e.g. a failed login names the account it targeted). */
    actorId?: string | null;
}
export declare const GENESIS_HASH: string;
/** The exact bytes a record's hash covers; `verifyAudit` recomputes them. */
export declare function auditDigest(prevHash: string, r: {
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
}): string;
/** JSON with object keys sorted, so that jsonb's own key order does not change a hash. */
export declare function canonicalJson(value: unknown): string;
/**
 * Appends one record, chained to the previous one. Must run inside the transaction of the change it
 * records: the advisory lock serialises writers until commit, so the chain has no fork and no gap.
 */
export declare function appendAudit(tx: DbOrTx, clock: Clock, ctx: RequestContext, entry: AuditEntry): Promise<void>;
