import { Button, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useMe } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { personName } from '../patients/patient-form.ts';
import { PATIENTS_KEY, type PatientFile } from '../patients/patients-api.ts';
import { ErrorAlert, InfoAlert } from '../ui/ErrorAlert.tsx';
import { useNotify } from '../ui/toast.tsx';
import { ARCHIVES_KEY, END_OF_CARE_BILAN_ID, endCare, fillPath, timelineKey } from './assessments-api.ts';
import { useTimeline } from './PatientAssessments.tsx';

const t = frAssessments.end;

/**
 * Why I may not end my series yet (D18), as the server would say it: I must have accepted a request for this
 * patient and filled a bilan. Null when allowed, undefined while the timeline is loading.
 */
function useBlocker(file: PatientFile): string | null | undefined {
  const myId = useMe().data?.user.id;
  const timeline = useTimeline(file.id);
  const accepted = file.careTeam.some((m) => m.id === myId && m.reasons.includes('accepted'));
  if (!accepted) return t.noSeries;
  if (!timeline.data) return undefined;
  const bilan = timeline.data.some((a) => a.kind === 'bilan' && a.author.id === myId);
  return bilan ? null : t.noBilan;
}

function ConfirmModal({
  file,
  onClose,
  onRefused,
}: {
  file: PatientFile;
  onClose: () => void;
  onRefused: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const mutation = useMutation({
    mutationFn: () => endCare(file.id),
    onSuccess: async () => {
      notify(t.done);
      onClose();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ARCHIVES_KEY }),
        queryClient.invalidateQueries({ queryKey: PATIENTS_KEY }),
        queryClient.invalidateQueries({ queryKey: timelineKey(file.id) }),
      ]);
    },
    onError: (error) => {
      if (isApiError(error, 409)) onRefused(error.message);
    },
  });
  // A 409 is final (no series, no bilan, already ended): the server's words, and no second try.
  const refused = isApiError(mutation.error, 409);
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
      <Stack gap="md">
        <Text size="sm">{t.confirmText(personName(file))}</Text>
        <ErrorAlert
          error={mutation.error}
          onRetry={() => {
            mutation.mutate();
          }}
          retrying={mutation.isPending}
        />
        <Stack gap="sm">
          <Button
            color="red.9"
            size="md"
            loading={mutation.isPending}
            disabled={refused}
            onClick={() => {
              mutation.mutate();
            }}
            fullWidth
          >
            {t.confirm}
          </Button>
          {/* Focus lands on the harmless choice: Enter must not end a series by accident. */}
          <Button
            variant="default"
            size="md"
            onClick={onClose}
            disabled={mutation.isPending}
            fullWidth
            data-autofocus
          >
            {refused ? fr.common.close : t.keep}
          </Button>
        </Stack>
      </Stack>
    </Modal>
  );
}

/** "Fin série de soins" (D18) on the file: disabled, with the reason, until it is allowed; then a confirmation. */
export function EndOfCare({ file }: { file: PatientFile }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const computed = useBlocker(file);
  // The server has the last word: its 409 message stays on the file until the page is left.
  const blocker = refusal ?? computed;
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="end-of-care">
      <Stack gap="sm">
        <Title order={2} size="h4" id="end-of-care">
          {t.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t.hint}
        </Text>
        {blocker && <InfoAlert>{blocker}</InfoAlert>}
        {blocker === t.noBilan && (
          <Button
            component={Link}
            to={fillPath(file.id, { questionnaire: END_OF_CARE_BILAN_ID })}
            variant="light"
            fullWidth
          >
            {t.fillBilan}
          </Button>
        )}
        <Button
          variant="outline"
          color="red.9"
          size="md"
          fullWidth
          disabled={blocker !== null}
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t.button}
        </Button>
      </Stack>
      {confirming && (
        <ConfirmModal
          file={file}
          onClose={() => {
            setConfirming(false);
          }}
          onRefused={setRefusal}
        />
      )}
    </Paper>
  );
}
