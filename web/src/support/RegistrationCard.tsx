import { Alert, Badge, Button, Group, List, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { RejectRequest } from '@relais/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatInstant, formatPhone, fr } from '../i18n/fr.ts';
import { professionLabel } from '../professional/professional-form.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { fieldsOf } from '../ui/form-errors.ts';
import { useNotify } from '../ui/toast.tsx';
import { InfoList } from './InfoList.tsx';
import { ProofPreview } from './ProofPreview.tsx';
import {
  ACCOUNTS_KEY,
  approveRegistration,
  REGISTRATIONS_KEY,
  rejectRegistration,
  type Registration,
} from './support-api.ts';

const t = fr.support;

function DirectoryBadge({ check }: { check: Registration['directoryCheck'] }) {
  if (!check)
    return (
      <Badge variant="light" color="gray">
        {t.directoryUnchecked}
      </Badge>
    );
  if (!check.found)
    return (
      <Badge variant="light" color="orange">
        {t.directoryNotFound}
      </Badge>
    );
  if (check.mismatches.length > 0)
    return (
      <Badge variant="light" color="orange">
        {t.directoryMismatch}
      </Badge>
    );
  return (
    <Badge variant="light" color="green">
      {t.directoryFound}
    </Badge>
  );
}

function DirectoryDetails({ check }: { check: Registration['directoryCheck'] }) {
  if (!check?.found) return null;
  const lines = [
    check.directoryName ? t.directoryName(check.directoryName) : null,
    check.directoryProfession
      ? t.directoryProfession(professionLabel(check.directoryProfession) ?? '')
      : null,
  ].filter((line): line is string => line !== null);
  if (check.mismatches.length === 0 && lines.length === 0) return null;
  return (
    <Alert color={check.mismatches.length > 0 ? 'orange' : 'gray'} variant="light" title={t.directory} p="sm">
      <Stack gap={4}>
        {check.mismatches.length > 0 && (
          <List size="sm">
            {check.mismatches.map((field) => (
              <List.Item key={field}>{t.mismatchFields[field] ?? field}</List.Item>
            ))}
          </List>
        )}
        {lines.map((line) => (
          <Text size="sm" key={line}>
            {line}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function RejectModal({
  registration,
  opened,
  onClose,
}: {
  registration: Registration;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const name = `${registration.firstName} ${registration.lastName}`;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (text: string) => rejectRegistration(registration.id, text),
    onSuccess: async () => {
      notify(t.rejected(name));
      onClose();
      await queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
      await queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
    },
  });

  const submit = (event: React.SubmitEvent) => {
    event.preventDefault();
    const parsed = RejectRequest.safeParse({ reason });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? t.reasonRequired);
      return;
    }
    mutation.mutate(parsed.data.reason);
  };

  const fieldError = problem ?? fieldsOf(mutation.error).reason;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t.rejectTitle(name)}
      closeButtonProps={{ 'aria-label': fr.common.close }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Textarea
            label={t.rejectReason}
            description={t.rejectReasonHint}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setProblem(null);
            }}
            error={fieldError}
            minRows={3}
            autosize
            maxLength={500}
            required
            data-autofocus
          />
          {mutation.isError && !fieldsOf(mutation.error).reason && (
            <ErrorAlert
              error={mutation.error}
              onRetry={() => {
                if (mutation.variables) mutation.mutate(mutation.variables);
              }}
            />
          )}
          <Stack gap="sm">
            <Button type="submit" color="red" loading={mutation.isPending} fullWidth>
              {t.rejectConfirm}
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

/** One pending registration: who, what the directory says, the proof, and the decision. */
export function RegistrationCard({ registration }: { registration: Registration }) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [rejecting, setRejecting] = useState(false);
  const name = `${registration.firstName} ${registration.lastName}`;
  const profession = professionLabel(registration.profession) ?? registration.profession;
  const address = registration.officeAddress;

  const approve = useMutation({
    mutationFn: () => approveRegistration(registration.id),
    onSuccess: async () => {
      notify(t.approved(name));
      await queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
      await queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
    },
  });

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={3} size="h4" id={titleId}>
              {name}
            </Title>
            <Text size="sm" c="dimmed">
              {registration.specialty ? `${profession} · ${registration.specialty}` : profession}
            </Text>
          </div>
          <DirectoryBadge check={registration.directoryCheck} />
        </Group>
        <InfoList
          items={[
            {
              label: t.fieldIdentifier,
              value: `${registration.identifierType.toUpperCase()} ${registration.identifier}`,
            },
            { label: t.fieldOffice, value: `${address.line}, ${address.postalCode} ${address.city}` },
            { label: t.fieldPhone, value: formatPhone(registration.mobilePhone) },
            { label: t.fieldEmail, value: registration.email },
            ...(registration.network ? [{ label: t.fieldNetwork, value: registration.network }] : []),
            { label: t.fieldRegistered, value: formatInstant(registration.createdAt) },
          ]}
        />
        <DirectoryDetails check={registration.directoryCheck} />
        <ProofPreview registration={registration} />
        <ErrorAlert
          error={approve.error}
          onRetry={() => {
            approve.mutate();
          }}
        />
        <Group grow gap="sm">
          <Button
            onClick={() => {
              approve.mutate();
            }}
            loading={approve.isPending}
          >
            {t.approve}
          </Button>
          <Button
            variant="outline"
            color="red"
            onClick={() => {
              setRejecting(true);
            }}
            disabled={approve.isPending}
          >
            {t.reject}
          </Button>
        </Group>
      </Stack>
      {rejecting && (
        <RejectModal
          registration={registration}
          opened={rejecting}
          onClose={() => {
            setRejecting(false);
          }}
        />
      )}
    </Paper>
  );
}
