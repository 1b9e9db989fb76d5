import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ActivityPreferences,
  ActivityUpdate,
  ErrorBody,
  NotificationSchedule,
  NotificationScheduleUpdate,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { geoRoutes } from '../geo/routes.ts';
import { requestContext, requireProfessional } from '../http/auth.ts';
import { getActivity } from './get-activity.ts';
import { loadNotificationSchedule, updateNotificationSchedule } from './notification-schedule-store.ts';
import { updateActivity } from './update-activity.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function professionalsRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['me'];

  r.get(
    '/api/me/activity',
    { schema: { tags, response: { 200: ActivityPreferences, ...errors } } },
    async (request) => {
      const { user } = requireProfessional(request);
      return getActivity(deps, user.id);
    },
  );

  r.put(
    '/api/me/activity',
    { schema: { tags, body: ActivityUpdate, response: { 200: ActivityPreferences, ...errors } } },
    async (request) => {
      const { user } = requireProfessional(request);
      return updateActivity(deps, requestContext(request), user.id, request.body);
    },
  );

  r.get(
    '/api/me/notification-schedule',
    { schema: { tags, response: { 200: NotificationSchedule, ...errors } } },
    async (request) => {
      const { user } = requireProfessional(request);
      return loadNotificationSchedule(deps.db, user.id);
    },
  );

  r.put(
    '/api/me/notification-schedule',
    {
      schema: { tags, body: NotificationScheduleUpdate, response: { 200: NotificationSchedule, ...errors } },
    },
    async (request) => {
      const { user } = requireProfessional(request);
      return updateNotificationSchedule(deps, requestContext(request), user.id, request.body);
    },
  );

  // The geography the address and zone forms use; registered here until app.ts lists it beside the others.
  geoRoutes(app, deps);
}
