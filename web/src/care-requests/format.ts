import { CARE_TYPES, PROFESSIONS, type CareType, type ProfessionCode } from '@relais/contracts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';

const t = frCareRequests;
const ZONE = 'Europe/Paris';

const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' });
const clock = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: 'numeric', month: 'long' });
const calendarDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'long' });
const shortInstant = new Intl.DateTimeFormat('fr-FR', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

export function careTypeLabel(code: string): string {
  return code in CARE_TYPES ? CARE_TYPES[code as CareType] : code;
}

export function professionName(code: string | null): string | null {
  if (code === null) return null;
  return code in PROFESSIONS ? PROFESSIONS[code as ProfessionCode] : code;
}

/** "Dr Hélène Dupont" for a médecin, "Karim Benali" otherwise. */
export function personName(person: {
  firstName: string;
  lastName: string;
  profession: string | null;
}): string {
  const name = `${person.firstName} ${person.lastName}`;
  return person.profession === '10' ? t.people.doctor(name) : name;
}

/** The date the user's phone shows today, in Paris (YYYY-MM-DD). */
export function todayInParis(now = new Date()): string {
  return dayKey.format(now);
}

/** A YYYY-MM-DD calendar date → "12 mars 2026" (no time zone shift). */
export function formatCalendarDate(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : calendarDate.format(parsed);
}

/** An instant → "aujourd’hui à 14:30", "demain à 09:00" or "le 12 mars à 14:30" (Paris time). */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = clock.format(date);
  const day = dayKey.format(date);
  if (day === dayKey.format(now)) return t.time.today(time);
  if (day === dayKey.format(new Date(now.getTime() + 24 * 3600_000))) return t.time.tomorrow(time);
  return t.time.on(dayMonth.format(date), time);
}

/** "12 mars à 14:30", for past instants in lists. */
export function formatShortInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortInstant.format(date);
}

/** A span of time, coarse enough to read at a glance: "2 j 3 h", "5 h 12 min", "12 min". */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t.time.lessThanMinute;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${t.time.days(days)} ${t.time.hours(hours)}` : t.time.days(days);
  if (hours > 0) return rest > 0 ? `${t.time.hours(hours)} ${t.time.minutes(rest)}` : t.time.hours(hours);
  return t.time.minutes(rest);
}

/** "il reste 1 h 12 min" / "délai écoulé". */
export function formatRemaining(iso: string, now: number): string {
  const left = new Date(iso).getTime() - now;
  return left <= 0 ? t.time.elapsed : t.time.remaining(formatSpan(left));
}

/** How pressing the deadline is: drives the colour of the countdown. */
export function urgency(iso: string, now: number): 'calm' | 'soon' | 'urgent' | 'over' {
  const left = new Date(iso).getTime() - now;
  if (left <= 0) return 'over';
  if (left < 15 * 60_000) return 'urgent';
  if (left < 60 * 60_000) return 'soon';
  return 'calm';
}

/** Distances as a person says them: "800 m", "1,2 km", "14 km". */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${String(Math.max(100, Math.round(metres / 100) * 100))} m`;
  const km = metres / 1000;
  return `${km.toLocaleString('fr-FR', { maximumFractionDigits: km < 10 ? 1 : 0 })} km`;
}

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
