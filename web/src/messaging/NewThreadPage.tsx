import { Anchor, Button, Checkbox, Container, Pill, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { fr } from '../i18n/fr.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import {
  PersonRow,
  ResultGroup,
  SearchBox,
  SourceBadge,
  useSearchText,
} from '../patients/DirectorySearch.tsx';
import { usualChoice, type UsualChoice } from '../patients/patient-form.ts';
import { searchUsers } from '../patients/patients-api.ts';
import { ErrorAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { createThread, THREADS_KEY } from './messaging-api.ts';
import { MESSAGING_PATH, threadPath } from './paths.ts';

const t = frMessaging.create;
/** The contract's bound (CreateThread.participantIds). */
const MAX_RECIPIENTS = 50;
const SHOWN = 10;

/** A checkbox with a finger-sized target: the padding around the box belongs to its label. */
function Tick({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label style={{ display: 'block', padding: 10, margin: -10, cursor: disabled ? 'default' : 'pointer' }}>
      <Checkbox
        size="lg"
        aria-label={label}
        checked={checked}
        disabled={disabled}
        onChange={(event) => {
          onChange(event.currentTarget.checked);
        }}
      />
    </label>
  );
}

/**
 * "Nouveau message" (D19): find colleagues by name (any registered professional, no phone number needed), tick one
 * or several, an optional subject, "Rédiger" opens the new thread.
 */
export function NewThreadPage() {
  usePageTitle(t.title);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<UsualChoice[]>([]);
  const [subject, setSubject] = useState('');
  const [nobody, setNobody] = useState(false);
  const { q, ready, settling } = useSearchText(text);
  const users = useQuery({
    queryKey: ['directory', 'users', q],
    queryFn: ({ signal }) => searchUsers(q, signal),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: () => {
      const trimmed = subject.trim();
      return createThread({
        participantIds: chosen.map((c) => c.id),
        ...(trimmed ? { subject: trimmed } : {}),
      });
    },
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: THREADS_KEY });
      await navigate(threadPath(id), { replace: true });
    },
  });

  const chosenIds = new Set(chosen.map((c) => c.id));
  const full = chosen.length >= MAX_RECIPIENTS;
  const results = (users.data?.items ?? []).slice(0, SHOWN);
  const fields = isApiError(create.error, 400) ? create.error.fields : {};
  // Field messages that no input here shows (none expected; never hidden if one comes).
  const otherFields = Object.entries(fields)
    .filter(([field]) => field !== 'participantIds' && field !== 'subject')
    .map(([, message]) => message);

  const toggle = (choice: UsualChoice, on: boolean) => {
    setNobody(false);
    setChosen((current) =>
      on
        ? current.some((c) => c.id === choice.id)
          ? current
          : [...current, choice]
        : current.filter((c) => c.id !== choice.id),
    );
  };

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to={MESSAGING_PATH} size="sm">
          ← {t.back}
        </Anchor>
        <Title order={1} size="h2">
          {t.title}
        </Title>

        <Stack gap={6}>
          <Text size="sm" fw={700} id="chosen-title">
            {t.chosen(chosen.length)}
          </Text>
          {chosen.length > 0 && (
            <Pill.Group aria-labelledby="chosen-title" role="list">
              {chosen.map((c) => (
                <Pill
                  key={c.id}
                  size="lg"
                  role="listitem"
                  withRemoveButton
                  removeButtonProps={{ 'aria-label': t.remove(c.name) }}
                  onRemove={() => {
                    toggle(c, false);
                  }}
                  bg="blue.0"
                  c="blue.9"
                  fw={600}
                >
                  {c.name}
                </Pill>
              ))}
            </Pill.Group>
          )}
          {(nobody || fields.participantIds) && (
            <Text size="sm" c="red.9" role="alert">
              {fields.participantIds ?? t.nobody}
            </Text>
          )}
        </Stack>

        <SearchBox
          label={t.search}
          description={full ? t.max(MAX_RECIPIENTS) : t.searchHint}
          value={text}
          onChange={setText}
          busy={settling || users.isFetching}
          disabled={full || create.isPending}
        />
        {text.trim().length > 0 && !ready && (
          <Text size="sm" c="dimmed">
            {t.typeMore}
          </Text>
        )}
        {ready && (
          <div aria-live="polite">
            <ResultGroup
              title={t.results}
              pending={users.isFetching}
              error={users.error}
              onRetry={() => {
                void users.refetch();
              }}
              retrying={users.isFetching}
              empty={users.data && results.length === 0 ? t.noMatch : null}
            >
              {results.map((u) => {
                const choice = usualChoice(u);
                const ticked = chosenIds.has(u.id);
                return (
                  <PersonRow
                    key={u.id}
                    name={choice.name}
                    detail={choice.detail}
                    badge={<SourceBadge source="registered" />}
                    action={
                      <Tick
                        label={t.choose(choice.name)}
                        checked={ticked}
                        disabled={(!ticked && full) || create.isPending}
                        onChange={(on) => {
                          toggle(choice, on);
                        }}
                      />
                    }
                  />
                );
              })}
            </ResultGroup>
          </div>
        )}

        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen.length === 0) {
              setNobody(true);
              return;
            }
            create.mutate();
          }}
        >
          <Stack gap="md">
            <TextInput
              label={`${t.subject} ${fr.common.optional}`}
              description={t.subjectHint}
              value={subject}
              onChange={(event) => {
                setSubject(event.currentTarget.value);
              }}
              maxLength={200}
              error={fields.subject}
              disabled={create.isPending}
            />
            {create.isError && Object.keys(fields).length === 0 && (
              <ErrorAlert
                error={create.error}
                onRetry={() => {
                  create.mutate();
                }}
                retrying={create.isPending}
              />
            )}
            <OtherFieldErrors messages={otherFields} />
            <Button type="submit" size="lg" fullWidth loading={create.isPending}>
              {t.submit}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Container>
  );
}
