import type { CreateCareRequest } from '@relais/contracts';
import { type RequestContext } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
export interface CreatedCareRequest {
  id: string;
  status: 'open';
  phase: 'priority' | 'pool';
  priorityUntil: string;
  expiresAt: string;
  recipients: number;
}
/**
 * D7 — a professional of the patient's care team (or the registered médecin traitant) asks for care. D8: the
 * usual professionals of that profession have it alone for half the deadline; without any, the pool opens at
 * once (D9). Request, recipients, events, push rows and audit: one transaction.
 */
export declare function createCareRequest(
  deps: Deps,
  ctx: RequestContext & {
    actorId: string;
  },
  input: CreateCareRequest,
  relaunchedFrom?: {
    id: string;
    extraRadiusKm: number;
  } | null,
): Promise<CreatedCareRequest>;
