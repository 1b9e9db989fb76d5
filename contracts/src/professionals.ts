import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Geography: communes (INSEE code officiel géographique), autocomplete and geocoding for the address forms.

/** INSEE commune code: 5 characters, Corsica's départements being 2A and 2B. */
export const InseeCode = z
  .string({ message: 'Code commune attendu.' })
  .regex(/^(\d{2}|2A|2B)\d{3}$/, 'Code commune INSEE invalide (5 caractères, ex. 91228).');

export const LatLon = z.object({ lat: z.number(), lon: z.number() });
export type LatLon = z.infer<typeof LatLon>;

export const CommuneSearchQuery = z.strictObject({
  q: z
    .string({ message: 'Saisissez un code postal ou un nom de commune.' })
    .trim()
    .min(1, 'Saisissez un code postal ou un nom de commune.')
    .max(100, 'Recherche trop longue.'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** One (commune, postal code) pair: what an address form fills its postal code and city fields with. */
export const CommuneSuggestion = z.object({
  insee: InseeCode,
  /** Official name ("Paris 15e Arrondissement"). */
  name: z.string(),
  postalCode: z.string(),
  /** The city as written in a postal address ("Paris" for an arrondissement). */
  city: z.string(),
  population: z.number(),
});
export type CommuneSuggestion = z.infer<typeof CommuneSuggestion>;

export const GeocodeRequest = z.strictObject({
  line: z.string().trim().max(200).optional(),
  postalCode: z.string({ message: 'Le code postal est obligatoire.' }).trim().min(1).max(10),
  city: z.string({ message: 'La ville est obligatoire.' }).trim().min(1).max(100),
});

export const GeocodeResult = z.object({
  insee: InseeCode,
  communeName: z.string(),
  postalCode: z.string().nullable(),
  /** WGS 84; null for the few communes without a known centre. */
  point: LatLon.nullable(),
  /** 0…1: how sure the geocoder is that this is the address meant. */
  score: z.number(),
  precision: z.enum(['address', 'street', 'locality', 'municipality']),
  label: z.string(),
  source: z.enum(['offline', 'geoplateforme']),
});
export type GeocodeResult = z.infer<typeof GeocodeResult>;

export const GeocodeReply = z.object({ result: GeocodeResult.nullable() });

// ---------------------------------------------------------------------------------------------------------------
// "Pref. PeC" (D5): where the professional takes care over.

export const RADIUS_KM_DEFAULT = 10;
export const RADIUS_KM_MIN = 1;
export const RADIUS_KM_MAX = 100;

export const ActivityUpdate = z
  .strictObject({
    homeVisits: z.boolean({ message: 'Indiquez si vous faites des visites à domicile.' }),
    officeConsultations: z.boolean({ message: 'Indiquez si vous recevez au cabinet.' }),
    radiusKm: z
      .number({ message: 'Le rayon doit être un nombre de kilomètres.' })
      .int('Le rayon doit être un nombre entier de kilomètres.')
      .min(RADIUS_KM_MIN, `Le rayon doit être compris entre ${RADIUS_KM_MIN} et ${RADIUS_KM_MAX} km.`)
      .max(RADIUS_KM_MAX, `Le rayon doit être compris entre ${RADIUS_KM_MIN} et ${RADIUS_KM_MAX} km.`),
    /** Absent: the removals already recorded are kept. */
    removedCommunes: z.array(InseeCode).max(5000, 'Trop de communes retirées.').optional(),
  })
  .refine((v) => v.homeVisits || v.officeConsultations, {
    path: ['homeVisits'],
    message: 'Choisissez au moins les visites à domicile ou les consultations au cabinet.',
  });
export type ActivityUpdate = z.infer<typeof ActivityUpdate>;

export const AttributedCommune = z.object({ insee: InseeCode, name: z.string(), distanceKm: z.number() });
export type AttributedCommune = z.infer<typeof AttributedCommune>;

export const ActivityPreferences = z.object({
  homeVisits: z.boolean(),
  officeConsultations: z.boolean(),
  radiusKm: z.number(),
  removedCommunes: z.array(InseeCode),
  /** Communes attributed to the professional: centre within the radius, plus the office's own, minus removed. */
  communes: z.array(AttributedCommune),
  /** The removed communes, named, so that the screen can offer to restore them. */
  removed: z.array(z.object({ insee: InseeCode, name: z.string(), distanceKm: z.number().nullable() })),
  /** The geocoded office, centre of the radius; null when the address could not be located. */
  office: z
    .object({
      lat: z.number(),
      lon: z.number(),
      insee: InseeCode,
      name: z.string(),
      score: z.number(),
      source: z.enum(['offline', 'geoplateforme']),
    })
    .nullable(),
});
export type ActivityPreferences = z.infer<typeof ActivityPreferences>;

// ---------------------------------------------------------------------------------------------------------------
// "Pref. Notifs" (D6): when push, e-mail and SMS may reach the professional. Wall-clock times in Europe/Paris.

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const TimeRange = z
  .strictObject({
    start: z.string().regex(TIME, 'Heure de début invalide (HH:MM).'),
    end: z
      .string()
      .refine((v) => TIME.test(v) || v === '24:00', 'Heure de fin invalide (HH:MM, 24:00 au plus).'),
  })
  .refine((r) => r.start < r.end, { path: ['end'], message: 'L’heure de fin doit suivre l’heure de début.' });
export type TimeRange = z.infer<typeof TimeRange>;

export const DayMode = z.enum(['all_day', 'custom', 'unavailable'], {
  message: 'Mode attendu : all_day, custom ou unavailable.',
});
export type DayMode = z.infer<typeof DayMode>;

const DayScheduleInput = z
  .strictObject({
    mode: DayMode,
    ranges: z.array(TimeRange).max(24, 'Trop de plages horaires.').default([]),
  })
  .superRefine((day, ctx) => {
    if (day.mode !== 'custom') {
      if (day.ranges.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['ranges'],
          message: 'Les plages horaires ne s’appliquent qu’aux horaires personnalisés.',
        });
      return;
    }
    if (day.ranges.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['ranges'], message: 'Ajoutez au moins une plage horaire.' });
      return;
    }
    const sorted = [...day.ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous && current && current.start < previous.end)
        ctx.addIssue({
          code: 'custom',
          path: ['ranges'],
          message: `Les plages ${previous.start}–${previous.end} et ${current.start}–${current.end} se chevauchent.`,
        });
    }
  });

export const DaySchedule = z.object({
  mode: DayMode,
  ranges: z.array(z.object({ start: z.string(), end: z.string() })),
});
export type DaySchedule = z.infer<typeof DaySchedule>;

export const NotificationScheduleUpdate = z.strictObject({
  days: z.strictObject({
    monday: DayScheduleInput,
    tuesday: DayScheduleInput,
    wednesday: DayScheduleInput,
    thursday: DayScheduleInput,
    friday: DayScheduleInput,
    saturday: DayScheduleInput,
    sunday: DayScheduleInput,
  }),
});
export type NotificationScheduleUpdate = z.infer<typeof NotificationScheduleUpdate>;

export const NotificationSchedule = z.object({
  days: z.object({
    monday: DaySchedule,
    tuesday: DaySchedule,
    wednesday: DaySchedule,
    thursday: DaySchedule,
    friday: DaySchedule,
    saturday: DaySchedule,
    sunday: DaySchedule,
  }),
});
export type NotificationSchedule = z.infer<typeof NotificationSchedule>;

/** D6's default: available all day, every day. */
export function defaultNotificationSchedule(): NotificationSchedule {
  const day = (): DaySchedule => ({ mode: 'all_day', ranges: [] });
  return {
    days: {
      monday: day(),
      tuesday: day(),
      wednesday: day(),
      thursday: day(),
      friday: day(),
      saturday: day(),
      sunday: day(),
    },
  };
}
