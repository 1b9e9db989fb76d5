import { Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatInstant, formatPhone, fr } from '../i18n/fr.ts';
import { professionLabel } from '../professional/professional-form.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useNotify } from '../ui/toast.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { accountAction, ACCOUNTS_KEY, type Account, type AccountAction } from './support-api.ts';

const t = fr.support;

/** One account: identity, state, and what support may do to it (not to its own account). */
export function AccountCard({ account, isSelf }: { account: Account; isSelf: boolean }) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [confirmReset, setConfirmReset] = useState(false);
  const name = `${account.firstName} ${account.lastName}`;

  const mutation = useMutation({
    mutationFn: (action: AccountAction) => accountAction(account.id, action),
    onSuccess: async (_, action) => {
      setConfirmReset(false);
      notify(
        action === 'block' ? t.blocked(name) : action === 'unblock' ? t.unblocked(name) : t.resetDone(name),
      );
      await queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
    },
  });

  const profession = professionLabel(account.profession);
  const identity = [
    account.identifierType && account.identifier
      ? `${account.identifierType.toUpperCase()} ${account.identifier}`
      : null,
    profession,
  ].filter((part): part is string => part !== null);

  const canBlock = account.status === 'active';
  const canUnblock = account.status === 'blocked';
  const canReset = account.status === 'active' || account.status === 'blocked';
  const running = mutation.isPending ? mutation.variables : null;
  const error = confirmReset ? null : mutation.error;

  return (
    <Paper withBorder p="sm" px="md" component="article" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={titleId}>
            {name}
          </Title>
          <Group gap={6}>
            {account.role === 'support' && (
              <Badge variant="light" color="violet">
                {fr.roles.support}
              </Badge>
            )}
            <StatusBadge status={account.status} />
          </Group>
        </Group>
        <Stack gap={2}>
          {identity.length > 0 && <Text size="sm">{identity.join(' · ')}</Text>}
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {account.email}
          </Text>
          {account.mobilePhone && <Text size="sm">{formatPhone(account.mobilePhone)}</Text>}
          <Text size="xs" c="dimmed">
            {t.createdAt(formatInstant(account.createdAt))}
          </Text>
        </Stack>
        {(account.failedLogins > 0 || account.mustChangePassword) && (
          <Group gap="xs">
            {account.failedLogins > 0 && (
              <Badge variant="light" color="red">
                {t.failedLogins(account.failedLogins)}
              </Badge>
            )}
            {account.mustChangePassword && (
              <Badge variant="light" color="blue">
                {t.temporaryPassword}
              </Badge>
            )}
          </Group>
        )}
        <ErrorAlert
          error={error}
          onRetry={() => {
            if (mutation.variables) mutation.mutate(mutation.variables);
          }}
        />
        {!isSelf && (canBlock || canUnblock || canReset) && (
          <Group gap="xs">
            {canBlock && (
              <Button
                variant="outline"
                color="red"
                size="sm"
                onClick={() => {
                  mutation.mutate('block');
                }}
                loading={running === 'block'}
                disabled={mutation.isPending}
              >
                {t.block}
              </Button>
            )}
            {canUnblock && (
              <Button
                size="sm"
                onClick={() => {
                  mutation.mutate('unblock');
                }}
                loading={running === 'unblock'}
                disabled={mutation.isPending}
              >
                {t.unblock}
              </Button>
            )}
            {canReset && (
              <Button
                variant="default"
                size="sm"
                onClick={() => {
                  mutation.reset();
                  setConfirmReset(true);
                }}
                disabled={mutation.isPending}
              >
                {t.resetPassword}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <Modal
        opened={confirmReset}
        onClose={() => {
          setConfirmReset(false);
        }}
        title={t.resetTitle(name)}
        closeButtonProps={{ 'aria-label': fr.common.close }}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t.resetText}</Text>
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate('reset-password');
            }}
          />
          <Stack gap="sm">
            <Button
              onClick={() => {
                mutation.mutate('reset-password');
              }}
              loading={running === 'reset-password'}
              fullWidth
              data-autofocus
            >
              {t.resetConfirm}
            </Button>
            <Button
              variant="default"
              onClick={() => {
                setConfirmReset(false);
              }}
              disabled={mutation.isPending}
              fullWidth
            >
              {fr.common.cancel}
            </Button>
          </Stack>
        </Stack>
      </Modal>
    </Paper>
  );
}
