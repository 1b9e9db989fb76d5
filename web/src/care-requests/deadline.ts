import { RESPONSE_MINUTES_MAX, RESPONSE_MINUTES_MIN } from '@relais/contracts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';

const t = frCareRequests.deadline;

/** 30 min, 2 h, 12 h, 24 h, 48 h, 7 j: the deadlines a déclencheur picks most. */
export const DEADLINE_PRESETS = [30, 120, 720, 1440, 2880, 10080] as const;
export const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
export type DeadlineUnit = keyof typeof UNIT_MINUTES;

export interface DeadlineValue {
  /** A preset's minutes as a string, or `custom`. */
  choice: string;
  amount: string;
  unit: DeadlineUnit;
}

/** The picker's state for a number of minutes: a preset when one matches, otherwise the custom fields. */
export function deadlineFromMinutes(minutes: number): DeadlineValue {
  if (DEADLINE_PRESETS.some((p) => p === minutes))
    return { choice: String(minutes), amount: '', unit: 'hours' };
  if (minutes % 1440 === 0) return { choice: 'custom', amount: String(minutes / 1440), unit: 'days' };
  if (minutes % 60 === 0) return { choice: 'custom', amount: String(minutes / 60), unit: 'hours' };
  return { choice: 'custom', amount: String(minutes), unit: 'minutes' };
}

/** The deadline in minutes, or the French reason why there is none. */
export function deadlineMinutes(value: DeadlineValue): { minutes: number } | { problem: string } {
  if (value.choice !== 'custom') return { minutes: Number(value.choice) };
  if (!/^\d+$/.test(value.amount.trim())) return { problem: t.invalidAmount };
  const minutes = Number(value.amount.trim()) * UNIT_MINUTES[value.unit];
  if (minutes < RESPONSE_MINUTES_MIN) return { problem: t.tooShort };
  if (minutes > RESPONSE_MINUTES_MAX) return { problem: t.tooLong };
  return { minutes };
}
