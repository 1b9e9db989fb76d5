import {
  NotificationChannels,
  OutboxDelivery,
  PushPublicKey,
  PushSubscriptionCreated,
  type CreatePushSubscription,
} from '@relais/contracts';
import { apiRequest } from '../api/client.ts';
import { arrayOf } from '../api/schemas.ts';

// Not under ['me']: invalidating the session must not reset toggles being changed.
export const CHANNELS_KEY = ['preferences', 'notification-channels'] as const;
export const FAILED_DELIVERIES_KEY = ['admin', 'outbox', 'dead'] as const;

export function fetchPushPublicKey(signal?: AbortSignal): Promise<string> {
  return apiRequest('/api/push/public-key', { signal }, PushPublicKey).then((reply) => reply.publicKey);
}

export function createPushSubscription(body: CreatePushSubscription): Promise<string> {
  return apiRequest('/api/me/push-subscriptions', { body }, PushSubscriptionCreated).then(
    (reply) => reply.id,
  );
}

export function deletePushSubscription(id: string): Promise<void> {
  return apiRequest(`/api/me/push-subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function fetchChannels(signal?: AbortSignal): Promise<NotificationChannels> {
  return apiRequest('/api/me/notification-channels', { signal }, NotificationChannels);
}

export function saveChannels(body: NotificationChannels): Promise<NotificationChannels> {
  return apiRequest('/api/me/notification-channels', { method: 'PUT', body }, NotificationChannels);
}

export type DeliveryChannel = OutboxDelivery['channel'];

export function listFailedDeliveries(
  filter: { channel?: DeliveryChannel | undefined; userId?: string | undefined },
  signal?: AbortSignal,
): Promise<OutboxDelivery[]> {
  const params = new URLSearchParams({ state: 'dead' });
  if (filter.channel) params.set('channel', filter.channel);
  if (filter.userId) params.set('userId', filter.userId);
  return apiRequest(`/api/admin/outbox?${params.toString()}`, { signal }, arrayOf(OutboxDelivery));
}

export function retryDelivery(id: string): Promise<void> {
  return apiRequest(`/api/admin/outbox/${encodeURIComponent(id)}/retry`, { body: {} });
}
