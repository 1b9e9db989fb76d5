import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { handleAlertEvent, refreshAlerts } from '../assessments/live-alerts.ts';
import { ME_KEY, useCachedMe } from '../auth/session.ts';
import {
  CARE_REQUESTS_KEY,
  DASHBOARD_KEY,
  fetchCareRequest,
  fetchSent,
  INBOX_KEY,
  requestKey,
  SENT_KEY,
  type CareRequestView,
} from '../care-requests/care-requests-api.ts';
import { personName } from '../care-requests/format.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { handleMessageEvent, handleThreadChange, refreshMessaging } from '../messaging/live-messaging.ts';
import { useNotify } from '../ui/toast.tsx';
import { openLiveSocket, type LiveEvent } from './live-socket.ts';

const t = frCareRequests.live;

async function refreshCareRequests(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: CARE_REQUESTS_KEY }),
    queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
  ]);
}

/** Events carry ids only (D10): what to tell the user is read back through the API, with the viewer's rights. */
async function handleEvent(
  event: LiveEvent,
  queryClient: QueryClient,
  notify: (message: string) => void,
  myId: string,
): Promise<void> {
  const requestId = typeof event.requestId === 'string' ? event.requestId : null;
  switch (event.type) {
    case 'care_request.new':
      notify(t.new);
      await refreshCareRequests(queryClient);
      return;
    case 'care_request.taken':
      // D12: "déjà acceptée" — the card leaves the inbox at once, before the refetch confirms it.
      notify(t.taken);
      if (requestId)
        queryClient.setQueryData<CareRequestView[]>(INBOX_KEY, (old) =>
          old?.filter((r) => r.id !== requestId),
        );
      await refreshCareRequests(queryClient);
      return;
    case 'care_request.accepted': {
      await refreshCareRequests(queryClient);
      if (!requestId) return;
      try {
        const view = await queryClient.query({
          queryKey: requestKey(requestId),
          queryFn: ({ signal }) => fetchCareRequest(requestId, signal),
          staleTime: 0,
        });
        const by = view.view === 'privileged' ? view.acceptedBy : null;
        if (view.view === 'privileged' && by) {
          notify(
            view.declencheur.id === myId
              ? t.acceptedBy(personName(by))
              : t.acceptedForPatient(personName(by)),
          );
        } else {
          notify(t.accepted);
        }
      } catch {
        notify(t.accepted);
      }
      return;
    }
    case 'care_request.expired': {
      await refreshCareRequests(queryClient);
      if (!requestId) return;
      // Recipients are told too; only the déclencheur needs to hear it (to relaunch).
      try {
        const sent = await queryClient.query({
          queryKey: SENT_KEY,
          queryFn: ({ signal }) => fetchSent(signal),
          staleTime: 0,
        });
        if (sent.some((r) => r.id === requestId)) notify(t.expired);
      } catch {
        // The list will say it when opened.
      }
      return;
    }
    case 'care_request.cancelled':
      notify(t.cancelled);
      if (requestId)
        queryClient.setQueryData<CareRequestView[]>(INBOX_KEY, (old) =>
          old?.filter((r) => r.id !== requestId),
        );
      await refreshCareRequests(queryClient);
      return;
    case 'message.new':
      await handleMessageEvent(event, queryClient, notify);
      return;
    case 'thread.read':
    case 'thread.left':
      await handleThreadChange(event, queryClient);
      return;
    case 'alert.negative_indicator':
      await handleAlertEvent(queryClient, notify);
      return;
    default:
      if (event.type.startsWith('care_request.')) await refreshCareRequests(queryClient);
  }
}

/**
 * Keeps the open app live (D14): new requests, "déjà acceptée", outcomes for the déclencheur. Renders nothing;
 * mounted once in the layout, it follows the signed-in professional.
 */
export function LiveEvents() {
  const me = useCachedMe();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const notifyRef = useRef(notify);
  useEffect(() => {
    notifyRef.current = notify;
  }, [notify]);

  const userId = me && me.user.role === 'professional' && !me.mustChangePassword ? me.user.id : null;

  useEffect(() => {
    if (userId === null) return;
    const socket = openLiveSocket({
      onEvent: (event) => {
        void handleEvent(event, queryClient, notifyRef.current, userId);
      },
      onSynced: () => {
        // Whatever happened before this socket caught up is reloaded through the API.
        void refreshCareRequests(queryClient);
        void refreshAlerts(queryClient);
        void refreshMessaging(queryClient);
      },
      onUnauthenticated: () => {
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
      },
    });
    return () => {
      socket.stop();
    };
  }, [userId, queryClient]);

  return null;
}
