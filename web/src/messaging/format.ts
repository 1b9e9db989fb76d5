import { personName, professionName } from '../care-requests/format.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import type { Participant, ThreadSummary } from './messaging-api.ts';

const t = frMessaging;
const ZONE = 'Europe/Paris';

const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' });
const clock = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, weekday: 'long' });
const dayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: 'numeric', month: 'short' });
const fullDay = new Intl.DateTimeFormat('fr-FR', {
  timeZone: ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const DAY_MS = 24 * 3600_000;

/** "Dr Hélène Dupont (Médecin)", "Karim Benali (Infirmier)". */
export function participantLabel(p: Participant): string {
  const profession = professionName(p.profession);
  return profession ? t.people.withProfession(personName(p), profession) : personName(p);
}

/** Who else takes part (still in the thread): the people I am writing to. */
export function othersIn(thread: ThreadSummary, myId: string): Participant[] {
  return thread.participants.filter((p) => p.id !== myId && !p.left);
}

/** More than one other person, now or at the start: a group, which one may leave. */
export function isGroup(thread: ThreadSummary, myId: string): boolean {
  return thread.participants.filter((p) => p.id !== myId).length > 1;
}

/** The names a thread goes by: "Karim Benali, Sophie Nguyen et Dr Hélène Dupont". */
export function otherNames(thread: ThreadSummary, myId: string): string {
  const others = othersIn(thread, myId);
  return others.length === 0 ? t.list.alone : t.people.others(others.map((p) => personName(p)));
}

/** The subject when there is one, else who the thread is with. */
export function threadTitle(thread: ThreadSummary, myId: string): string {
  return thread.subject ?? otherNames(thread, myId);
}

/** "14:32". */
export function formatTime(iso: string): string {
  return clock.format(new Date(iso));
}

/** Time of a thread's last message, as lists show it: "14:32", "Hier", "lundi", "12 mars". */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = dayKey.format(date);
  if (day === dayKey.format(now)) return clock.format(date);
  if (day === dayKey.format(new Date(now.getTime() - DAY_MS))) return t.thread.yesterday;
  if (now.getTime() - date.getTime() < 6 * DAY_MS) return weekday.format(date);
  return dayMonth.format(date);
}

/** The separator above a day's messages: "Aujourd’hui", "Hier", "lundi 12 mars 2026". */
export function dayLabel(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const day = dayKey.format(date);
  if (day === dayKey.format(now)) return t.thread.today;
  if (day === dayKey.format(new Date(now.getTime() - DAY_MS))) return t.thread.yesterday;
  const text = fullDay.format(date);
  return text.charAt(0).toLocaleUpperCase('fr-FR') + text.slice(1);
}

/** The Paris calendar day of an instant, to group messages by day. */
export function dayOf(iso: string): string {
  return dayKey.format(new Date(iso));
}

/** A message body on one line, short enough for a list row (the row clamps it visually too). */
export function previewOf(body: string, max = 140): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
