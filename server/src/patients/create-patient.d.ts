import type { CreatePatient, PatientFile } from '@relais/contracts';
import { type RequestContext } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import type { Geocoder } from '../geo/geocoder.ts';
/** A professional creates a patient file and joins its care team (D16); usual professionals join too. */
export declare function createPatient(deps: Deps, geocoder: Geocoder, ctx: RequestContext & {
    actorId: string;
}, input: CreatePatient): Promise<PatientFile>;
