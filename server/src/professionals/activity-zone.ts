import { sql } from 'drizzle-orm';
import { RADIUS_KM_DEFAULT, type ActivityPreferences, type AttributedCommune } from '@relais/contracts';
import { rows, type DbOrTx, type Tx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { arrondissementsOf, communesWithin, getCommunes, type Commune } from '../geo/communes.ts';
import { haversineM } from '../geo/distance.ts';
import { communesHash, ensureCommunes } from '../geo/ensure-communes.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { ensureOfficeLocation, type OfficeLocation } from './office-location.ts';

/** What the professional chose in "Pref. PeC" (D5). */
export interface ActivitySettings {
  homeVisits: boolean;
  officeConsultations: boolean;
  radiusKm: number;
  removedCommunes: string[];
}

export const DEFAULT_ACTIVITY: ActivitySettings = {
  homeVisits: true,
  officeConsultations: true,
  radiusKm: RADIUS_KM_DEFAULT,
  removedCommunes: [],
};

export interface Zone {
  /** Centre within the radius, plus the office's own commune, minus the removed ones; nearest first. */
  attributed: AttributedCommune[];
  removed: ActivityPreferences['removed'];
  /** The zone table's rows: the attributed communes plus the whole city of any attributed arrondissement. */
  codes: string[];
}

const km = (metres: number) => Math.round(metres / 100) / 10;

/**
 * D5: the communes a professional is attributed. Removing Paris (75056), Lyon or Marseille as a whole removes
 * all their arrondissements. When the office's commune is one of those cities as a whole (an address located
 * no finer than "Paris"), its nearest arrondissement stands for it.
 */
export async function computeZone(
  db: DbOrTx,
  office: OfficeLocation | null,
  settings: ActivitySettings,
): Promise<Zone> {
  const removedSet = new Set(settings.removedCommunes);
  const isRemoved = (c: Commune) =>
    removedSet.has(c.insee) || (c.parentInsee !== null && removedSet.has(c.parentInsee));
  const distanceKm = (c: Commune) =>
    office?.point && c.point ? km(haversineM(office.point, c.point)) : null;

  const candidates: AttributedCommune[] = [];
  const parents = new Map<string, string | null>();
  if (office?.insee) {
    const within = office.point ? await communesWithin(db, office.point, settings.radiusKm * 1000) : [];
    for (const c of within) {
      parents.set(c.insee, c.parentInsee);
      if (!isRemoved(c)) candidates.push({ insee: c.insee, name: c.name, distanceKm: km(c.distanceM) });
    }
    const own = await ownCommune(db, office);
    if (own && !parents.has(own.insee)) {
      parents.set(own.insee, own.parentInsee);
      if (!isRemoved(own))
        candidates.push({ insee: own.insee, name: own.name, distanceKm: distanceKm(own) ?? 0 });
    }
  }
  const attributed = candidates.sort((a, b) => a.distanceKm - b.distanceKm || a.insee.localeCompare(b.insee));
  const codes = new Set<string>();
  for (const c of attributed) {
    codes.add(c.insee);
    const parent = parents.get(c.insee);
    if (parent) codes.add(parent);
  }
  const named = await getCommunes(db, settings.removedCommunes);
  const removed = settings.removedCommunes.map((insee) => {
    const commune = named.get(insee);
    return { insee, name: commune?.name ?? insee, distanceKm: commune ? distanceKm(commune) : null };
  });
  return { attributed, removed, codes: [...codes] };
}

async function ownCommune(db: DbOrTx, office: OfficeLocation): Promise<Commune | undefined> {
  if (!office.insee) return undefined;
  const own = (await getCommunes(db, [office.insee])).get(office.insee);
  if (!own?.hasArrondissements) return own;
  const point = office.point;
  const parts = (await arrondissementsOf(db, own.insee)).filter((c) => c.point);
  if (!point) return parts[0] ?? own;
  return (
    parts.sort((a, b) =>
      a.point && b.point ? haversineM(point, a.point) - haversineM(point, b.point) : 0,
    )[0] ?? own
  );
}

/** Records the settings (locking the professional's row first, so that concurrent saves queue) and the zone. */
export async function saveActivity(
  tx: Tx,
  deps: Deps,
  professionalId: string,
  settings: ActivitySettings,
  zone: Zone,
  zoneCommunesHash: string | null,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await tx.execute(sql`
    INSERT INTO activity_preferences (professional_id, home_visits, office_consultations, radius_km, removed_communes,
                                      zone_communes_hash, updated_at)
    VALUES (${professionalId}, ${settings.homeVisits}, ${settings.officeConsultations}, ${settings.radiusKm},
            ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(settings.removedCommunes)}::jsonb)),
            ${zoneCommunesHash}, ${now})
    ON CONFLICT (professional_id) DO UPDATE SET
      home_visits = excluded.home_visits, office_consultations = excluded.office_consultations,
      radius_km = excluded.radius_km, removed_communes = excluded.removed_communes,
      zone_communes_hash = excluded.zone_communes_hash, updated_at = excluded.updated_at`);
  await tx.execute(sql`DELETE FROM activity_zones WHERE professional_id = ${professionalId}`);
  await tx.execute(sql`
    INSERT INTO activity_zones (professional_id, insee, profession, home_visits, office_consultations)
    SELECT u.id, z.insee, u.profession, ${settings.homeVisits}, ${settings.officeConsultations}
    FROM users u, jsonb_array_elements_text(${JSON.stringify(zone.codes)}::jsonb) AS z(insee)
    WHERE u.id = ${professionalId} AND u.profession IS NOT NULL`);
}

interface StoredActivity {
  home_visits: boolean;
  office_consultations: boolean;
  radius_km: number;
  removed_communes: string[];
  zone_communes_hash: string | null;
  profession_changed: boolean;
}

export async function readActivitySettings(db: DbOrTx, professionalId: string) {
  const [row] = await rows<StoredActivity>(
    db,
    sql`SELECT a.home_visits, a.office_consultations, a.radius_km, a.removed_communes, a.zone_communes_hash,
               EXISTS (SELECT 1 FROM activity_zones z
                       WHERE z.professional_id = a.professional_id AND z.profession IS DISTINCT FROM u.profession)
                 AS profession_changed
        FROM activity_preferences a JOIN users u ON u.id = a.professional_id
        WHERE a.professional_id = ${professionalId}`,
  );
  if (!row) return null;
  const settings: ActivitySettings = {
    homeVisits: row.home_visits,
    officeConsultations: row.office_consultations,
    radiusKm: row.radius_km,
    removedCommunes: row.removed_communes,
  };
  return { settings, zoneCommunesHash: row.zone_communes_hash, professionChanged: row.profession_changed };
}

export interface ActivityState {
  settings: ActivitySettings;
  office: OfficeLocation | null;
  zone: Zone;
  /** True when this call rebuilt the zone rows. */
  rebuilt: boolean;
}

/**
 * Brings a professional's zone rows up to date (default settings when none were saved): rebuilt when the office
 * address, the communes data or the profession changed since they were computed. Call it after approving a
 * professional or changing an office address; reading Pref. PeC calls it too.
 */
export async function refreshActivityZone(
  deps: Deps,
  professionalId: string,
  geocoder?: Geocoder,
): Promise<ActivityState> {
  await ensureCommunes(deps);
  const { location, changed } = await ensureOfficeLocation(deps, professionalId, geocoder);
  const hash = await communesHash(deps.database);
  const stored = await readActivitySettings(deps.db, professionalId);
  const settings = stored?.settings ?? DEFAULT_ACTIVITY;
  const zone = await computeZone(deps.db, location, settings);
  const stale = !stored || changed || stored.zoneCommunesHash !== hash || stored.professionChanged;
  if (stale) await deps.db.transaction((tx) => saveActivity(tx, deps, professionalId, settings, zone, hash));
  return { settings, office: location, zone, rebuilt: stale };
}

/**
 * Refreshes the zones of every active professional whose zone is missing or stale (new account, changed office
 * address or profession, reloaded communes): for start-up and the worker. Returns how many were rebuilt.
 */
/**
 * A blocked (or rejected) professional leaves every pool at once: their zone rows go, and their preferences are
 * marked stale so that the zone is rebuilt when the account is active again (unblock, or the start-up sync).
 * Keeping zone rows for active accounts only is what lets the pool audience be one index range scan (D9).
 */
export async function withdrawActivityZone(tx: DbOrTx, professionalId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM activity_zones WHERE professional_id = ${professionalId}`);
  await tx.execute(
    sql`UPDATE activity_preferences SET zone_communes_hash = NULL WHERE professional_id = ${professionalId}`,
  );
}

export async function syncActivityZones(deps: Deps, geocoder?: Geocoder): Promise<number> {
  await ensureCommunes(deps);
  const hash = await communesHash(deps.database);
  const stale = await rows<{ id: string }>(
    deps.db,
    sql`SELECT u.id FROM users u
        LEFT JOIN office_locations o ON o.professional_id = u.id
        LEFT JOIN activity_preferences a ON a.professional_id = u.id
        WHERE u.role = 'professional' AND u.status = 'active' AND u.office_line IS NOT NULL
          AND (a.professional_id IS NULL OR o.professional_id IS NULL
               OR a.zone_communes_hash IS DISTINCT FROM ${hash}
               OR o.address_line IS DISTINCT FROM u.office_line OR o.postal_code IS DISTINCT FROM u.office_postal_code
               OR o.city IS DISTINCT FROM u.office_city
               OR EXISTS (SELECT 1 FROM activity_zones z
                          WHERE z.professional_id = u.id AND z.profession IS DISTINCT FROM u.profession))
        ORDER BY u.id`,
  );
  for (const { id } of stale) await refreshActivityZone(deps, id, geocoder);
  return stale.length;
}
