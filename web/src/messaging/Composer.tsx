import { ActionIcon, Box, Group, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { MESSAGE_MAX_LENGTH } from '@relais/contracts';
import { isApiError, newSendKey } from '../api/client.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert, isTransient } from '../ui/ErrorAlert.tsx';
import { messagesKey, sendMessage, THREADS_KEY, withMessage, type MessagePages } from './messaging-api.ts';

const t = frMessaging.thread;
/** The counter shows from here, so that a long message is not cut short by surprise. */
const COUNTER_FROM = MESSAGE_MAX_LENGTH - 1000;

function SendIcon() {
  return (
    <svg width={24} height={24} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M4 12 20 4l-4 16-4-6.5L4 12Zm8 1.5L20 4"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

/**
 * The message box at the bottom of a thread, with its send button. On a computer Enter sends (Shift+Enter goes
 * to the line); on a phone Enter goes to the line and the button sends. The server judges the length (its
 * French message is shown); a counter warns as the limit nears.
 */
export function Composer({ threadId }: { threadId: string }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const desktop = useMediaQuery('(hover: hover) and (pointer: fine)', false);
  // One key per message, kept while its tries fail without an answer: a repeat after a lost answer replays the
  // stored message instead of posting it twice.
  const sendKey = useRef<string | null>(null);
  const send = useMutation({
    mutationFn: (body: string) => {
      sendKey.current ??= newSendKey();
      return sendMessage(threadId, body, sendKey.current);
    },
    // The key makes a repeat harmless: an answer lost on a poor network is asked again twice before the error
    // shows, each time for the same message.
    retry: (failures, error) => isTransient(error) && failures < 2,
    retryDelay: 800,
    onSettled: (_, error) => {
      if (!isTransient(error)) sendKey.current = null;
    },
    onSuccess: async (message, body) => {
      queryClient.setQueryData<MessagePages>(messagesKey(threadId), (old) =>
        old ? withMessage(old, message) : old,
      );
      setDraft((current) => (current.trim() === body ? '' : current));
      await queryClient.invalidateQueries({ queryKey: THREADS_KEY });
    },
  });

  const body = draft.trim();
  const length = body.length;
  const over = length > MESSAGE_MAX_LENGTH;
  const submit = () => {
    if (body.length === 0 || send.isPending) return;
    send.mutate(body);
  };
  const fieldError = isApiError(send.error, 400) ? (send.error.fields.body ?? send.error.message) : null;

  return (
    <Box
      component="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      pt="xs"
      bg="var(--mantine-color-body)"
      style={{
        borderTop: '1px solid var(--mantine-color-gray-3)',
        paddingBottom: 'max(var(--mantine-spacing-xs), env(safe-area-inset-bottom))',
      }}
    >
      {send.isError && !fieldError && (
        <Box mb="xs">
          <ErrorAlert
            error={send.error}
            onRetry={() => {
              if (send.variables) send.mutate(send.variables);
            }}
            retrying={send.isPending}
          />
        </Box>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label={t.composer}
          placeholder={t.composerPlaceholder}
          value={draft}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            if (send.isError) {
              send.reset();
              sendKey.current = null; // another text: another message
            }
          }}
          onKeyDown={(event) => {
            if (
              desktop &&
              event.key === 'Enter' &&
              !event.shiftKey &&
              !event.altKey &&
              !event.nativeEvent.isComposing
            ) {
              event.preventDefault();
              submit();
            }
          }}
          autosize
          minRows={1}
          maxRows={6}
          radius="xl"
          error={fieldError !== null}
          aria-invalid={fieldError !== null || over}
          aria-describedby={fieldError ? `${threadId}-composer-error` : undefined}
          enterKeyHint={desktop ? 'send' : 'enter'}
          style={{ flex: 1 }}
        />
        <ActionIcon
          type="submit"
          size={48}
          radius="xl"
          aria-label={t.send}
          loading={send.isPending}
          disabled={body.length === 0}
          style={{ flexShrink: 0 }}
        >
          <SendIcon />
        </ActionIcon>
      </Group>
      {fieldError && (
        <Text id={`${threadId}-composer-error`} size="sm" c="red.9" role="alert" mt={4}>
          {fieldError}
        </Text>
      )}
      {length >= COUNTER_FROM && (
        <Text size="xs" c={over ? 'red.9' : 'dimmed'} fw={over ? 700 : 400} mt={4} aria-live="polite">
          {t.counter(length, MESSAGE_MAX_LENGTH)}
        </Text>
      )}
      {desktop && (
        <Text size="xs" c="dimmed" mt={4} visibleFrom="sm">
          {t.enterHint}
        </Text>
      )}
    </Box>
  );
}
