import {
  ActivityPreferences,
  NotificationSchedule,
  type ActivityUpdate,
  type LatLon,
  type NotificationScheduleUpdate,
} from '@relais/contracts';
import { apiRequest, type Schema } from '../api/client.ts';

// Not under ['me']: invalidating the session must not reload (and reset) a form being filled.
export const ACTIVITY_KEY = ['preferences', 'activity'] as const;
export const SCHEDULE_KEY = ['preferences', 'notification-schedule'] as const;

/** An attributed commune, with its centre when the server sends one (see ZoneMap). */
export type ZoneCommune = ActivityPreferences['communes'][number] & { point: LatLon | null };
export type Activity = Omit<ActivityPreferences, 'communes'> & { communes: ZoneCommune[] };

function pointOf(raw: unknown): LatLon | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { lat, lon } = raw as { lat?: unknown; lon?: unknown };
  return typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : null;
}

/**
 * The contract's `AttributedCommune` carries no coordinates yet; should the server add `lat`/`lon`, the map
 * places the communes where they are instead of only at their distance.
 */
const ActivityReply: Schema<Activity> = {
  parse(data) {
    const parsed = ActivityPreferences.parse(data);
    const raw = (data as { communes?: unknown[] }).communes ?? [];
    return { ...parsed, communes: parsed.communes.map((c, i) => ({ ...c, point: pointOf(raw[i]) })) };
  },
};

export function fetchActivity(signal?: AbortSignal): Promise<Activity> {
  return apiRequest('/api/me/activity', { signal }, ActivityReply);
}

export function saveActivity(body: ActivityUpdate): Promise<Activity> {
  return apiRequest('/api/me/activity', { method: 'PUT', body }, ActivityReply);
}

export function fetchSchedule(signal?: AbortSignal): Promise<NotificationSchedule> {
  return apiRequest('/api/me/notification-schedule', { signal }, NotificationSchedule);
}

export function saveSchedule(body: NotificationScheduleUpdate): Promise<NotificationSchedule> {
  return apiRequest('/api/me/notification-schedule', { method: 'PUT', body }, NotificationSchedule);
}
