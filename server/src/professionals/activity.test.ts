import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ActivityPreferences } from '@relais/contracts';
import { rows } from '../db/client.ts';
import { ensureCommunes } from '../geo/ensure-communes.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { syncActivityZones } from './activity-zone.ts';

let t: TestApp;
let support: LoggedIn;
let nurse: LoggedIn & { id: string };
const EVRY = { line: '12 rue de la Paix', postalCode: '91000', city: 'Évry-Courcouronnes' };

beforeAll(async () => {
  t = await createTestApp();
  await ensureCommunes(t.deps);
  support = await supportSession(t);
  nurse = await activeProfessional(t, support, { officeAddress: EVRY });
});
afterAll(() => t.close());

const getActivity = (token = nurse.token) =>
  t.app.inject({ url: '/api/me/activity', headers: bearer(token) });
const putActivity = (payload: unknown, token = nurse.token) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/me/activity',
    headers: bearer(token),
    payload: payload as object,
  });
const zoneRows = (professionalId: string) =>
  rows<{ insee: string; profession: string; home_visits: boolean; office_consultations: boolean }>(
    t.deps.db,
    sql`SELECT insee, profession, home_visits, office_consultations FROM activity_zones
        WHERE professional_id = ${professionalId} ORDER BY insee`,
  );
type ErrorReply = { error: { code: string; message: string; details: { fields: Record<string, string> } } };

describe('Pref. PeC', () => {
  it('D5: a professional sees the communes around the office, 10 km by default, nearest first, with distances', async () => {
    const res = await getActivity();
    expect(res.statusCode).toBe(200);
    const body = res.json<ActivityPreferences>();
    expect(body).toMatchObject({
      homeVisits: true,
      officeConsultations: true,
      radiusKm: 10,
      removedCommunes: [],
      removed: [],
    });
    expect(body.office).toMatchObject({
      insee: '91228',
      name: 'Évry-Courcouronnes',
      lat: 48.62948,
      lon: 2.44008,
    });
    expect(body.communes[0]).toEqual({ insee: '91228', name: 'Évry-Courcouronnes', distanceKm: 0 });
    const codes = body.communes.map((c) => c.insee);
    expect(codes).toEqual(expect.arrayContaining(['91174', '91521', '91386', '91340'])); // Corbeil, Ris-Orangis, Mennecy, Lisses
    expect(codes).not.toContain('75056');
    expect(codes.length).toBeGreaterThan(20);
    const distances = body.communes.map((c) => c.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(10);
    const corbeil = body.communes.find((c) => c.insee === '91174');
    expect(corbeil?.distanceKm).toBeGreaterThan(2);
    expect(corbeil?.distanceKm).toBeLessThan(6);
  });

  it('D5: the attributed communes are the zone rows the pool audience reads, with profession and home visits', async () => {
    const body = (await getActivity()).json<ActivityPreferences>();
    const zone = await zoneRows(nurse.id);
    expect(zone.map((z) => z.insee)).toEqual(body.communes.map((c) => c.insee).sort());
    expect(zone.every((z) => z.profession === '60' && z.home_visits && z.office_consultations)).toBe(true);
    const audience = await rows<{ professional_id: string }>(
      t.deps.db,
      sql`SELECT professional_id FROM activity_zones WHERE insee = '91174' AND profession = '60' AND home_visits`,
    );
    expect(audience.map((a) => a.professional_id)).toContain(nurse.id);
  });

  it('D5: a removed commune leaves the list and the zone; a new radius recomputes and keeps the removal', async () => {
    const removed = await putActivity({
      homeVisits: true,
      officeConsultations: true,
      radiusKm: 10,
      removedCommunes: ['91174'],
    });
    expect(removed.statusCode).toBe(200);
    const afterRemoval = removed.json<ActivityPreferences>();
    expect(afterRemoval.removedCommunes).toEqual(['91174']);
    expect(afterRemoval.communes.map((c) => c.insee)).not.toContain('91174');
    expect(afterRemoval.removed).toMatchObject([{ insee: '91174', name: 'Corbeil-Essonnes' }]);
    expect(afterRemoval.removed[0]?.distanceKm).toBeGreaterThan(2);
    expect((await zoneRows(nurse.id)).map((z) => z.insee)).not.toContain('91174');

    const wider = (
      await putActivity({ homeVisits: true, officeConsultations: true, radiusKm: 20 })
    ).json<ActivityPreferences>();
    expect(wider.radiusKm).toBe(20);
    expect(wider.removedCommunes).toEqual(['91174']);
    expect(wider.communes.length).toBeGreaterThan(afterRemoval.communes.length);
    expect(wider.communes.map((c) => c.insee)).not.toContain('91174');
    expect(Math.max(...wider.communes.map((c) => c.distanceKm))).toBeGreaterThan(10);

    // Narrower than Corbeil's distance and back: the removal outlives it.
    const narrow = (
      await putActivity({
        homeVisits: true,
        officeConsultations: true,
        radiusKm: 1,
        removedCommunes: ['91174'],
      })
    ).json<ActivityPreferences>();
    expect(narrow.communes.map((c) => c.insee)).toEqual(['91228']);
    const back = (
      await putActivity({ homeVisits: true, officeConsultations: true, radiusKm: 10 })
    ).json<ActivityPreferences>();
    expect(back.communes.map((c) => c.insee)).toEqual(afterRemoval.communes.map((c) => c.insee));
    expect((await getActivity()).json<ActivityPreferences>()).toEqual(back);
  });

  it('D5: the office’s own commune may be removed too, and home visits may be turned off', async () => {
    const res = await putActivity({
      homeVisits: false,
      officeConsultations: true,
      radiusKm: 10,
      removedCommunes: ['91174', '91228'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<ActivityPreferences>().communes.map((c) => c.insee)).not.toContain('91228');
    const zone = await zoneRows(nurse.id);
    expect(zone.map((z) => z.insee)).not.toContain('91228');
    expect(zone.every((z) => !z.home_visits && z.office_consultations)).toBe(true);
    await putActivity({
      homeVisits: true,
      officeConsultations: true,
      radiusKm: 10,
      removedCommunes: ['91174'],
    });
  });

  it('D5: invalid input is refused with a French message and changes nothing', async () => {
    const before = (await getActivity()).json<ActivityPreferences>();
    const zoneBefore = await zoneRows(nurse.id);
    const cases: [unknown, string, RegExp][] = [
      [{ homeVisits: true, officeConsultations: true, radiusKm: 0 }, 'radiusKm', /entre 1 et 100 km/],
      [{ homeVisits: true, officeConsultations: true, radiusKm: 101 }, 'radiusKm', /entre 1 et 100 km/],
      [{ homeVisits: true, officeConsultations: true, radiusKm: 7.5 }, 'radiusKm', /entier/],
      [{ homeVisits: true, officeConsultations: true, radiusKm: '10' }, 'radiusKm', /nombre/],
      [{ homeVisits: false, officeConsultations: false, radiusKm: 10 }, 'homeVisits', /au moins/],
      [
        { homeVisits: true, officeConsultations: true, radiusKm: 10, removedCommunes: ['99999'] },
        'removedCommunes',
        /inconnue : 99999/,
      ],
      [
        { homeVisits: true, officeConsultations: true, radiusKm: 10, removedCommunes: ['9122'] },
        'removedCommunes.0',
        /INSEE invalide/,
      ],
      [
        { homeVisits: true, officeConsultations: true, radiusKm: 10, colour: 'bleu' },
        'colour',
        /inconnu|non reconnue.*colour/,
      ],
      [{ officeConsultations: true, radiusKm: 10 }, 'homeVisits', /visites à domicile/],
    ];
    for (const [payload, field, message] of cases) {
      const res = await putActivity(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const error = res.json<ErrorReply>().error;
      expect(error.code).toBe('validation_failed');
      // An unknown key is reported on the body as a whole ("_") by the shared handler for now.
      expect(error.details.fields[field] ?? error.details.fields._ ?? JSON.stringify(error)).toMatch(message);
    }
    expect((await getActivity()).json<ActivityPreferences>()).toEqual(before);
    expect(await zoneRows(nurse.id)).toEqual(zoneBefore);
  });

  it('D5: changes are audited', async () => {
    const audit = await rows<{ action: string; actor_id: string; details: { radiusKm: number } }>(
      t.deps.db,
      sql`SELECT action, actor_id, details FROM audit_log WHERE action = 'professional.activity.update' ORDER BY seq`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(audit.every((a) => a.actor_id === nurse.id)).toBe(true);
    expect(audit.map((a) => a.details.radiusKm)).toContain(20);
    const verify = await t.app.inject({ url: '/api/admin/audit/verify', headers: bearer(support.token) });
    expect(verify.json<{ ok: boolean }>().ok).toBe(true);
  });

  it('D5: a support user gets 403, an anonymous caller 401', async () => {
    expect((await getActivity(support.token)).statusCode).toBe(403);
    expect(
      (await putActivity({ homeVisits: true, officeConsultations: true, radiusKm: 10 }, support.token))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: '/api/me/activity' })).statusCode).toBe(401);
  });

  it('D5: a new office address is geocoded again; the zone follows it, Paris by arrondissement', async () => {
    const doctor = await activeProfessional(t, support, { profession: '10', officeAddress: EVRY });
    expect((await getActivity(doctor.token)).json<ActivityPreferences>().office?.insee).toBe('91228');
    await t.deps.db.execute(
      sql`UPDATE users SET office_line = '1 rue de Vaugirard', office_postal_code = '75015', office_city = 'Paris'
          WHERE id = ${doctor.id}`,
    );
    const moved = (await getActivity(doctor.token)).json<ActivityPreferences>();
    expect(moved.office).toMatchObject({ insee: '75115', name: 'Paris 15e Arrondissement' });
    expect(moved.communes[0]?.insee).toBe('75115');
    expect(moved.communes.map((c) => c.insee)).not.toContain('91228');
    const zone = (await zoneRows(doctor.id)).map((z) => z.insee);
    // The whole city rides along, so that a patient located only to "Paris" still finds this doctor.
    expect(zone).toContain('75056');
    expect(moved.communes.map((c) => c.insee)).not.toContain('75056');
    const withoutParis = (
      await putActivity(
        { homeVisits: true, officeConsultations: true, radiusKm: 10, removedCommunes: ['75056'] },
        doctor.token,
      )
    ).json<ActivityPreferences>();
    expect(withoutParis.communes.some((c) => c.insee.startsWith('751'))).toBe(false);
    expect((await zoneRows(doctor.id)).map((z) => z.insee)).not.toContain('75056');
  });

  it('D5: professionals who never opened Pref. PeC get the default zone, at approval or from the sync', async () => {
    const physio = await activeProfessional(t, support, { profession: '70', officeAddress: EVRY });
    expect((await zoneRows(physio.id)).map((z) => z.insee)).toContain('91228');
    // An account whose zone is missing (seeded, or from before zones existed) gets it from the start-up sync.
    await t.deps.db.execute(sql`DELETE FROM activity_zones WHERE professional_id = ${physio.id}`);
    await t.deps.db.execute(sql`DELETE FROM activity_preferences WHERE professional_id = ${physio.id}`);
    expect(await zoneRows(physio.id)).toEqual([]);
    expect(await syncActivityZones(t.deps)).toBeGreaterThanOrEqual(1);
    const zone = await zoneRows(physio.id);
    expect(zone.map((z) => z.insee)).toContain('91228');
    expect(zone.every((z) => z.profession === '70')).toBe(true);
    expect(await syncActivityZones(t.deps)).toBe(0);
  });
});

describe('geography for the forms', () => {
  it('D5: logged-in users autocomplete communes and geocode addresses', async () => {
    const list = await t.app.inject({ url: '/api/geo/communes?q=91000', headers: bearer(nurse.token) });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        insee: '91228',
        name: 'Évry-Courcouronnes',
        postalCode: '91000',
        city: 'Évry-Courcouronnes',
        population: 66919,
      },
    ]);
    const bySupport = await t.app.inject({
      url: '/api/geo/communes?q=corbeil%20ess&limit=3',
      headers: bearer(support.token),
    });
    expect(bySupport.json<{ insee: string }[]>()[0]?.insee).toBe('91174');
    const geocoded = await t.app.inject({
      method: 'POST',
      url: '/api/geo/geocode',
      headers: bearer(nurse.token),
      payload: { line: '2 rue de Paris', postalCode: '91090', city: 'Lisses' },
    });
    expect(geocoded.json()).toMatchObject({
      result: { insee: '91340', source: 'offline', precision: 'municipality' },
    });
  });

  it('D5: the geography routes want a session and a query', async () => {
    expect((await t.app.inject({ url: '/api/geo/communes?q=evry' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/geo/communes?q=', headers: bearer(nurse.token) })).statusCode,
    ).toBe(400);
    const noPostalCode = await t.app.inject({
      method: 'POST',
      url: '/api/geo/geocode',
      headers: bearer(nurse.token),
      payload: { city: 'Evry' },
    });
    expect(noPostalCode.statusCode).toBe(400);
  });
});
