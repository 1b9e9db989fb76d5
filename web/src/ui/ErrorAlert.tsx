import { Alert, Button, Stack, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { fr } from '../i18n/fr.ts';

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : fr.errors.unexpected;
}

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  /** Shown as a "Réessayer" button. */
  onRetry?: () => void;
  retrying?: boolean;
  /**
   * A read can always be tried again; an action only when the failure was transient (timeout,
   * network, server error): repeating a refused login would only bring the account closer to blocking.
   */
  kind?: 'read' | 'action';
  /** A second line saying what follows (e.g. the tries left before the account is blocked). */
  hint?: string | null;
}

export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function ErrorAlert({ error, title, onRetry, retrying, kind = 'action', hint }: ErrorAlertProps) {
  if (!error) return null;
  const canRetry = onRetry && (kind === 'read' || isTransient(error));
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {hint && (
          <Text size="sm" fw={600}>
            {hint}
          </Text>
        )}
        {canRetry && (
          <Button size="sm" variant="outline" color="red" onClick={onRetry} loading={retrying}>
            {fr.common.retry}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function SuccessAlert({ children }: { children: React.ReactNode }) {
  return (
    <Alert color="green" variant="light" role="status">
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

export function InfoAlert({ children }: { children: React.ReactNode }) {
  return (
    <Alert color="blue" variant="light" role="status">
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

/** Field messages from the server that no input on the form displays. */
export function OtherFieldErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      <Stack gap={4}>
        {messages.map((message) => (
          <Text size="sm" key={message}>
            {message}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
