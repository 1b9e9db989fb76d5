import { Button, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { fr } from '../i18n/fr.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ErrorAlert, isTransient } from '../ui/ErrorAlert.tsx';
import { useNotify } from '../ui/toast.tsx';
import {
  CARE_REQUESTS_KEY,
  DASHBOARD_KEY,
  findJustCreated,
  relaunchCareRequest,
  type SentRequest,
} from './care-requests-api.ts';
import { deadlineFromMinutes, deadlineMinutes } from './deadline.ts';
import { DeadlinePicker } from './DeadlinePicker.tsx';

const t = frCareRequests.relaunch;
const WIDEN_KM = [0, 5, 10, 20] as const;

/** The deadline the request was sent with, rounded to the minute (30 min … 7 j). */
function originalMinutes(request: SentRequest): number {
  const minutes = Math.round((Date.parse(request.expiresAt) - Date.parse(request.createdAt)) / 60_000);
  return Math.min(10080, Math.max(30, minutes));
}

interface RelaunchModalProps {
  request: SentRequest;
  onClose: () => void;
}

/** D13 — relaunch an expired or cancelled request, with a new deadline and optionally a wider zone. */
export function RelaunchModal({ request, onClose }: RelaunchModalProps) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const widenLabel = useId();
  const [deadline, setDeadline] = useState(() => deadlineFromMinutes(originalMinutes(request)));
  const [widen, setWiden] = useState('0');
  const [problem, setProblem] = useState<string | null>(null);
  const unansweredSince = useRef<number | null>(null);

  const mutation = useMutation({
    mutationFn: async (options: { responseMinutes: number; extraRadiusKm: number }) => {
      const like = {
        patientId: request.patient.id,
        profession: request.profession,
        careType: request.careType,
      };
      const since = unansweredSince.current;
      if (since !== null) {
        const existing = await findJustCreated(like, since);
        if (existing) return existing;
      } else {
        unansweredSince.current = Date.now();
      }
      return relaunchCareRequest(request.id, options);
    },
    onSettled: (_, error) => {
      if (!isTransient(error)) unansweredSince.current = null;
    },
    onSuccess: async (created) => {
      notify(t.done(created.recipients));
      onClose();
      await queryClient.invalidateQueries({ queryKey: CARE_REQUESTS_KEY });
      await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const result = deadlineMinutes(deadline);
    if ('problem' in result) {
      setProblem(result.problem);
      return;
    }
    mutation.mutate({ responseMinutes: result.minutes, extraRadiusKm: Number(widen) });
  };

  return (
    <Modal
      opened
      onClose={() => {
        if (!mutation.isPending) onClose();
      }}
      title={t.title}
      closeButtonProps={{ 'aria-label': fr.common.close }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t.intro}
          </Text>
          <DeadlinePicker
            value={deadline}
            onChange={(value) => {
              setDeadline(value);
              setProblem(null);
            }}
            error={problem ?? undefined}
            disabled={mutation.isPending}
          />
          <Stack gap={4}>
            <Text fw={500} size="sm" id={widenLabel}>
              {t.widen}
            </Text>
            <Text size="sm" c="dimmed">
              {t.widenHint}
            </Text>
            <SegmentedControl
              value={widen}
              onChange={setWiden}
              aria-labelledby={widenLabel}
              disabled={mutation.isPending}
              fullWidth
              data={WIDEN_KM.map((km) => ({
                value: String(km),
                label: km === 0 ? t.widenNone : <span aria-label={t.widenLabel(km)}>{t.widenBy(km)}</span>,
              }))}
            />
          </Stack>
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              if (mutation.variables) mutation.mutate(mutation.variables);
            }}
            retrying={mutation.isPending}
          />
          <Stack gap="sm">
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t.confirm}
            </Button>
            <Button variant="default" onClick={onClose} disabled={mutation.isPending} fullWidth>
              {fr.common.cancel}
            </Button>
          </Stack>
        </Stack>
      </form>
    </Modal>
  );
}
