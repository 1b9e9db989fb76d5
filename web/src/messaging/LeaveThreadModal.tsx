import { Button, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { DASHBOARD_KEY } from '../care-requests/care-requests-api.ts';
import { fr } from '../i18n/fr.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { leaveThread, messagesKey, THREADS_KEY, type ThreadSummary } from './messaging-api.ts';
import { MESSAGING_PATH } from './paths.ts';

const t = frMessaging.thread;

/** "Quitter la conversation" of a group thread, confirmed first; then back to the list, which no longer shows it. */
export function LeaveThreadModal({ threadId, onClose }: { threadId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const leave = useMutation({
    mutationFn: () => leaveThread(threadId),
    // A 404: already left (a first try that timed out, another device): the outcome the user asked for.
    onSettled: async (_data, error) => {
      if (error && !isApiError(error, 404)) return;
      queryClient.setQueryData<ThreadSummary[]>(THREADS_KEY, (old) =>
        old?.filter((th) => th.id !== threadId),
      );
      queryClient.removeQueries({ queryKey: messagesKey(threadId), exact: true });
      await navigate(MESSAGING_PATH, { replace: true, state: { notice: t.left } });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: THREADS_KEY }),
        queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
      ]);
    },
  });
  return (
    <Modal
      opened
      onClose={() => {
        if (!leave.isPending) onClose();
      }}
      title={t.leaveTitle}
      closeButtonProps={{ 'aria-label': fr.common.close }}
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t.leaveText}</Text>
        <ErrorAlert
          error={leave.error}
          onRetry={() => {
            leave.mutate();
          }}
          retrying={leave.isPending}
        />
        <Stack gap="sm">
          <Button
            color="red.9"
            loading={leave.isPending}
            onClick={() => {
              leave.mutate();
            }}
            fullWidth
          >
            {t.leaveConfirm}
          </Button>
          {/* Focus lands on the harmless choice: Enter must not leave by accident. */}
          <Button variant="default" onClick={onClose} disabled={leave.isPending} fullWidth data-autofocus>
            {t.leaveKeep}
          </Button>
        </Stack>
      </Stack>
    </Modal>
  );
}
