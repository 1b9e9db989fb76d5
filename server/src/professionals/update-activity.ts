import type { ActivityPreferences, ActivityUpdate } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import { getCommunes } from '../geo/communes.ts';
import { communesHash, ensureCommunes } from '../geo/ensure-communes.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { invalidFields } from '../shared/errors.ts';
import { computeZone, readActivitySettings, saveActivity, type ActivitySettings } from './activity-zone.ts';
import { activityView } from './get-activity.ts';
import { ensureOfficeLocation } from './office-location.ts';

/**
 * D5: saves "Pref. PeC" and rebuilds the zone rows in one transaction, audited. A new radius recomputes the
 * communes and keeps the removals (absent `removedCommunes` keeps those recorded). Unknown commune codes are
 * refused before anything is written.
 */
export async function updateActivity(
  deps: Deps,
  ctx: RequestContext,
  professionalId: string,
  input: ActivityUpdate,
  geocoder?: Geocoder,
): Promise<ActivityPreferences> {
  await ensureCommunes(deps);
  const stored = await readActivitySettings(deps.db, professionalId);
  const removedCommunes = [
    ...new Set(input.removedCommunes ?? stored?.settings.removedCommunes ?? []),
  ].sort();
  const known = await getCommunes(deps.db, removedCommunes);
  const unknown = removedCommunes.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw invalidFields(
      {
        removedCommunes: `Commune${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} : ${unknown.slice(0, 10).join(', ')}.`,
      },
      'Certaines communes retirées sont inconnues.',
    );

  const settings: ActivitySettings = {
    homeVisits: input.homeVisits,
    officeConsultations: input.officeConsultations,
    radiusKm: input.radiusKm,
    removedCommunes,
  };
  const { location } = await ensureOfficeLocation(deps, professionalId, geocoder);
  const hash = await communesHash(deps.database);
  const zone = await computeZone(deps.db, location, settings);
  await deps.db.transaction(async (tx) => {
    await saveActivity(tx, deps, professionalId, settings, zone, hash);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'professional.activity.update',
      outcome: 'success',
      targetId: professionalId,
      details: {
        homeVisits: settings.homeVisits,
        officeConsultations: settings.officeConsultations,
        radiusKm: settings.radiusKm,
        removedCommunes: settings.removedCommunes,
        attributedCommunes: zone.attributed.length,
      },
    });
  });
  return activityView({ settings, office: location, zone, rebuilt: true });
}
