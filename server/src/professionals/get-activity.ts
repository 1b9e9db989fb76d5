import type { ActivityPreferences } from '@relais/contracts';
import type { Deps } from '../deps.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { refreshActivityZone, type ActivityState } from './activity-zone.ts';

/** "Pref. PeC" (D5) as the professional sees it: settings, attributed communes, the office on the map. */
export async function getActivity(
  deps: Deps,
  professionalId: string,
  geocoder?: Geocoder,
): Promise<ActivityPreferences> {
  return activityView(await refreshActivityZone(deps, professionalId, geocoder));
}

export function activityView(state: ActivityState): ActivityPreferences {
  const { settings, office, zone } = state;
  return {
    homeVisits: settings.homeVisits,
    officeConsultations: settings.officeConsultations,
    radiusKm: settings.radiusKm,
    removedCommunes: settings.removedCommunes,
    communes: zone.attributed,
    removed: zone.removed,
    office:
      office?.point && office.insee && office.source
        ? {
            lat: office.point.lat,
            lon: office.point.lon,
            insee: office.insee,
            name: office.communeName ?? office.insee,
            score: office.score,
            source: office.source,
          }
        : null,
  };
}
