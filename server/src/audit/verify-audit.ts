import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';
import { auditDigest, GENESIS_HASH } from './append-audit.ts';

interface Row {
  seq: string | number;
  at: Date | string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  records: number;
  firstBrokenSeq: number | null;
}

const PAGE = 5000;

/** Recomputes the whole chain in order; the first record whose link or hash does not match is reported. */
export async function verifyAudit(db: DbOrTx): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await rows<Row>(
      db,
      sql`SELECT seq, at, actor_id, actor_role, action, outcome, patient_id, target_id, ip, user_agent, details,
                 prev_hash, hash
          FROM audit_log WHERE seq >= ${expectedSeq} ORDER BY seq LIMIT ${PAGE}`,
    );
    for (const r of page) {
      const seq = Number(r.seq);
      const digest = auditDigest(prevHash, {
        seq,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        outcome: r.outcome,
        patientId: r.patient_id,
        targetId: r.target_id,
        ip: r.ip,
        userAgent: r.user_agent,
        details: typeof r.details === 'string' ? (JSON.parse(r.details) as unknown) : r.details,
      });
      if (seq !== expectedSeq || r.prev_hash !== prevHash || r.hash !== digest) {
        return { ok: false, records: count, firstBrokenSeq: seq };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < PAGE) return { ok: true, records: count, firstBrokenSeq: null };
  }
}
