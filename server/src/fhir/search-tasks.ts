import { sql } from 'drizzle-orm';
import type { Task } from '@medplum/fhirtypes';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import {
  buildViews,
  loadRequestForViewer,
  selectRequests,
  type RequestRow,
} from '../care-requests/care-request-views.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction } from '../patients/access.ts';
import { FhirError } from './operation-outcome.ts';
import { taskResource } from './resources.ts';

type Actor = RequestContext & { actorId: string };

/** Past this many Tasks a search is refused: narrow it with `focus`. */
export const MAX_TASKS = 1000;

interface RecipientRow {
  request_id: string;
  user_id: string;
  first_name: string;
  last_name: string;
  added_at: Date | string;
  response: 'accepted' | 'declined' | null;
  responded_at: Date | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/**
 * The Tasks of care requests: one per solicited professional. A professional reads their own Tasks, each built
 * on the view of the request they may have (D10: a pool recipient's Task names no patient); the déclencheur
 * reads every Task of their requests. `focus` must be a request the viewer may see (else 404, audited like
 * the JSON read); every request whose Tasks are returned is audited.
 */
export async function searchTasks(
  deps: Deps,
  ctx: Actor,
  filter: { ownerId?: string | null; focusId?: string | null },
): Promise<Task[]> {
  return patientTransaction(deps, ctx, async (tx) => {
    if (filter.focusId) await loadRequestForViewer(tx, filter.focusId, ctx.actorId, 'care_request.task.list');
    const found = await rows<RecipientRow>(
      tx,
      sql`SELECT rr.request_id, rr.user_id, u.first_name, u.last_name, rr.added_at, rr.response, rr.responded_at
          FROM care_request_recipients rr
          JOIN care_requests r ON r.id = rr.request_id
          JOIN users u ON u.id = rr.user_id
          WHERE (rr.user_id = ${ctx.actorId} OR r.declencheur_id = ${ctx.actorId})
            ${filter.ownerId ? sql`AND rr.user_id = ${filter.ownerId}` : sql``}
            ${filter.focusId ? sql`AND rr.request_id = ${filter.focusId}` : sql``}
          ORDER BY rr.added_at DESC, rr.user_id
          LIMIT ${MAX_TASKS + 1}`,
    );
    if (found.length > MAX_TASKS)
      throw new FhirError(
        400,
        'too-costly',
        `Plus de ${MAX_TASKS} tâches : précisez la recherche avec focus=ServiceRequest/<id>.`,
      );
    const requestIds = [...new Set(found.map((r) => r.request_id))];
    const requests = requestIds.length
      ? await rows<RequestRow & { closed_at: Date | string | null }>(
          tx,
          sql`${selectRequests(ctx.actorId)} WHERE r.id = ANY(${sql.param(requestIds)}::uuid[])`,
        )
      : [];
    const views = new Map((await buildViews(tx, deps.cipher, requests, ctx.actorId)).map((v) => [v.id, v]));
    const closedAt = new Map(requests.map((r) => [r.id, r.closed_at ? iso(r.closed_at) : null]));
    for (const r of requests)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'care_request.task.list',
        outcome: 'success',
        patientId: r.patient_id,
        targetId: r.id,
        details: { view: views.get(r.id)?.view ?? null },
      });
    const now = deps.clock.now();
    return found.flatMap((rr) => {
      const view = views.get(rr.request_id);
      if (!view) return [];
      return [
        taskResource(
          view,
          {
            userId: rr.user_id,
            firstName: rr.first_name,
            lastName: rr.last_name,
            addedAt: iso(rr.added_at),
            response: rr.response,
            respondedAt: rr.responded_at ? iso(rr.responded_at) : null,
          },
          closedAt.get(rr.request_id) ?? null,
          now,
        ),
      ];
    });
  });
}
