import type { QueryClient } from '@tanstack/react-query';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { refreshAlerts } from './assessments-api.ts';

export { refreshAlerts };

/**
 * `alert.negative_indicator` (D17): the event carries ids only; the user is told at once and the alert list and
 * the dashboard's unread count are read again through the API.
 */
export async function handleAlertEvent(queryClient: QueryClient, notify: (message: string) => void) {
  notify(frAssessments.alerts.live);
  await refreshAlerts(queryClient);
}
