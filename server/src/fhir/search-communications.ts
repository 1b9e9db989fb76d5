import { sql } from 'drizzle-orm';
import type { Communication } from '@medplum/fhirtypes';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { readMessages } from '../messaging/threads.ts';
import { patientTransaction, requirePatient } from '../patients/access.ts';
import { FhirError } from './operation-outcome.ts';
import { communicationResource, type ThreadRecord } from './resources.ts';

type Actor = RequestContext & { actorId: string };

/** Past this many messages in one thread a search is refused rather than cut short silently. */
export const MAX_MESSAGES_PER_THREAD = 1000;

/**
 * The messages of the threads about a patient (D19) that I take part in. The patient must be in my scope (D16:
 * else 404, the refusal audited); the search is audited, then each thread's read through messaging's own use
 * case, which audits it as the JSON API does.
 */
export async function searchCommunications(
  deps: Deps,
  ctx: Actor,
  patientId: string,
): Promise<Communication[]> {
  const threads = await patientTransaction(deps, ctx, async (tx) => {
    await requirePatient(tx, ctx, patientId, 'read', 'thread.list');
    const found = await rows<{ id: string; subject: Uint8Array | null }>(
      tx,
      sql`SELECT t.id, t.subject FROM threads t JOIN thread_participants me ON me.thread_id = t.id
          WHERE t.patient_id = ${patientId} AND me.user_id = ${ctx.actorId} AND me.left_at IS NULL
          ORDER BY t.created_at`,
    );
    const people = found.length
      ? await rows<{ thread_id: string; id: string; first_name: string; last_name: string }>(
          tx,
          sql`SELECT p.thread_id, u.id, u.first_name, u.last_name
              FROM thread_participants p JOIN users u ON u.id = p.user_id
              WHERE p.thread_id = ANY(${sql.param(found.map((t) => t.id))}::uuid[])
              ORDER BY u.last_name, u.first_name`,
        )
      : [];
    await appendAudit(tx, deps.clock, ctx, {
      action: 'thread.list',
      outcome: 'success',
      patientId,
      details: { threads: found.length },
    });
    return found.map((t): ThreadRecord => ({
      id: t.id,
      subject: t.subject ? deps.cipher.decryptText(Buffer.from(t.subject), `thread:${t.id}:subject`) : null,
      participants: people
        .filter((p) => p.thread_id === t.id)
        .map((p) => ({ id: p.id, firstName: p.first_name, lastName: p.last_name })),
    }));
  });
  const result: Communication[] = [];
  for (const thread of threads) {
    const messages = await readMessages(deps, ctx, thread.id, { limit: MAX_MESSAGES_PER_THREAD + 1 });
    if (messages.length > MAX_MESSAGES_PER_THREAD)
      throw new FhirError(
        400,
        'too-costly',
        `Une conversation compte plus de ${MAX_MESSAGES_PER_THREAD} messages : lisez-la par l’API de messagerie.`,
      );
    result.push(...messages.reverse().map((m) => communicationResource(patientId, thread, m)));
  }
  return result;
}
