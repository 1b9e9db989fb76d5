import { Button, Modal, Stack, Text, Textarea } from '@mantine/core';
import { DeclineRequest } from '@relais/contracts';
import { useState, type SubmitEvent } from 'react';
import { fr } from '../i18n/fr.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { fieldsOf } from '../ui/form-errors.ts';

const t = frCareRequests.decline;

interface DeclineModalProps {
  opened: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  pending: boolean;
  error: unknown;
}

/** Declining with an optional reason (D13): the request leaves my pending list. */
export function DeclineModal({ opened, onClose, onConfirm, pending, error }: DeclineModalProps) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = DeclineRequest.safeParse({ reason });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? fr.errors.invalidForm);
      return;
    }
    onConfirm(reason);
  };

  const fieldError = problem ?? fieldsOf(error).reason;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t.title}
      closeButtonProps={{ 'aria-label': fr.common.close }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {frCareRequests.card.declineHint}
          </Text>
          <Textarea
            label={`${t.reason} ${fr.common.optional}`}
            description={t.reasonHint}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setProblem(null);
            }}
            error={fieldError}
            minRows={2}
            autosize
            maxLength={500}
            data-autofocus
          />
          {error !== null && !fieldsOf(error).reason && (
            <ErrorAlert
              error={error}
              onRetry={() => {
                onConfirm(reason);
              }}
              retrying={pending}
            />
          )}
          <Stack gap="sm">
            <Button type="submit" color="red.9" loading={pending} fullWidth>
              {t.confirm}
            </Button>
            <Button variant="default" onClick={onClose} disabled={pending} fullWidth>
              {t.keep}
            </Button>
          </Stack>
        </Stack>
      </form>
    </Modal>
  );
}
