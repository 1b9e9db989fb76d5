import type { Clock } from '../clock.ts';
import { type Tx } from '../db/client.ts';
import type { DataCipher } from '../shared/crypto.ts';
export interface DispatchDeps {
  clock: Clock;
  cipher: DataCipher;
}
/** Push texts carry no patient data (D10): the app shows what the viewer may see. */
export declare const PUSH_TEXT: {
  readonly new: 'Nouvelle demande de prise en charge sur Relais';
  readonly taken: 'Une demande que vous avez reçue a été acceptée par un autre professionnel';
  readonly accepted: 'Votre demande de prise en charge a été acceptée';
  readonly expired: 'Votre demande de prise en charge a expiré sans réponse';
  readonly cancelled: 'Une demande de prise en charge a été annulée';
};
/** Stores the recipients of a phase, tells them (live event + push through the outbox) in the same transaction. */
export declare function addRecipients(
  tx: Tx,
  deps: DispatchDeps,
  requestId: string,
  recipients: readonly {
    userId: string;
    via: 'usual' | 'treating_doctor' | 'pool';
  }[],
): Promise<void>;
/** D9 — opens the pool phase of a request: computes and stores its audience now. */
export declare function openPool(
  tx: Tx,
  deps: DispatchDeps,
  request: {
    id: string;
    communeInsee: string;
    extraRadiusKm: number;
    profession: string;
    homeVisit: boolean;
    declencheurId: string;
  },
): Promise<number>;
