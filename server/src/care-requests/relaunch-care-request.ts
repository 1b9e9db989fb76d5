import type { RequestContext } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction } from '../patients/access.ts';
import { AppError } from '../shared/errors.ts';
import { loadRequestForViewer } from './care-request-views.ts';
import { createCareRequest, type CreatedCareRequest } from './create-care-request.ts';

/**
 * D13 — after expiry (or a cancellation), the déclencheur relaunches in one tap: the same request, a new deadline,
 * optionally a pool widened by some kilometres.
 */
export async function relaunchCareRequest(
  deps: Deps,
  ctx: RequestContext & { actorId: string },
  requestId: string,
  options: { responseMinutes?: number | undefined; extraRadiusKm?: number | undefined },
): Promise<CreatedCareRequest> {
  const previous = await patientTransaction(deps, ctx, async (tx) => {
    const { request, relation } = await loadRequestForViewer(
      tx,
      requestId,
      ctx.actorId,
      'care_request.relaunch',
    );
    if (relation !== 'declencheur')
      throw new AppError('forbidden', 'Seul le professionnel qui a créé la demande peut la relancer.');
    if (request.status === 'open' || request.status === 'accepted')
      throw new AppError('state_conflict', 'Seule une demande expirée ou annulée peut être relancée.', {
        reason: request.status,
      });
    return request;
  });
  return createCareRequest(
    deps,
    ctx,
    {
      patientId: previous.patient_id,
      profession: previous.profession as Parameters<typeof createCareRequest>[2]['profession'],
      careType: previous.care_type as Parameters<typeof createCareRequest>[2]['careType'],
      details: previous.details,
      description: deps.cipher.decryptText(
        Buffer.from(previous.description),
        `care_request:${previous.id}:description`,
      ),
      homeVisit: previous.home_visit,
      responseMinutes: options.responseMinutes ?? previous.response_minutes,
    },
    { relaunchedFrom: { id: previous.id, extraRadiusKm: options.extraRadiusKm ?? previous.extra_radius_km } },
  );
}
