import type { PatientFile } from '@relais/contracts';
import { type RequestContext } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
type Actor = RequestContext & {
  actorId: string;
};
/**
 * D12 — first acceptance wins, exactly once: one conditional UPDATE decides, whatever the number of processes
 * and simultaneous tries. The winner joins the care team and gets the full file; every other recipient, the
 * déclencheur and the médecin traitant are told, in the same transaction (events + push rows) as the audit.
 */
export declare function acceptCareRequest(deps: Deps, ctx: Actor, requestId: string): Promise<PatientFile>;
/** D13 — declining is recorded (optional reason, encrypted) and, in the priority phase, may open the pool (D8). */
export declare function declineCareRequest(
  deps: Deps,
  ctx: Actor,
  requestId: string,
  reason: string | undefined,
): Promise<void>;
/** D13 — the déclencheur cancels an open request; recipients are told. */
export declare function cancelCareRequest(deps: Deps, ctx: Actor, requestId: string): Promise<void>;
export {};
