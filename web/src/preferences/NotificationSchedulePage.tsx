import { Anchor, Container, Stack, Text, Title } from '@mantine/core';
import { WEEKDAYS, type Weekday } from '@relais/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { frPreferences } from '../i18n/fr-preferences.ts';
import { frNotifications } from '../i18n/fr-notifications.ts';
import { ChannelsSection } from '../notifications/ChannelsSection.tsx';
import { PushDeviceSection } from '../notifications/PushDeviceSection.tsx';
import { ErrorAlert, InfoAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import { fieldsOf, useFocusFirstError, type FieldErrors } from '../ui/form-errors.ts';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { DayCard } from './DayCard.tsx';
import { fetchSchedule, saveSchedule, SCHEDULE_KEY } from './preferences-api.ts';
import { SaveBar } from './SaveBar.tsx';
import { scheduleProblems, toDraft, toUpdate, type DayDraft, type WeekDraft } from './schedule.ts';

const t = frPreferences.schedule;

/** "Pref. Notifs" (D6): per weekday, when notifications may reach the professional. */
export function NotificationSchedulePage() {
  usePageTitle(t.title);
  const query = useQuery({ queryKey: SCHEDULE_KEY, queryFn: ({ signal }) => fetchSchedule(signal) });
  // The form starts from the server's state, and again after each save; a background refetch leaves it alone.
  const [version, setVersion] = useState(0);

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          ← {frPreferences.backHome}
        </Anchor>
        <div>
          <Title order={1} size="h2">
            {t.title}
          </Title>
          <Text c="dimmed">{t.subtitle}</Text>
        </div>
        <PushDeviceSection />
        <ChannelsSection />
        <Title order={2} size="h4" mt="sm">
          {frNotifications.scheduleHeading}
        </Title>
        <InfoAlert>{t.govern}</InfoAlert>
        {query.isPending && <PageLoader />}
        {query.isError && (
          <ErrorAlert
            error={query.error}
            kind="read"
            onRetry={() => {
              void query.refetch();
            }}
            retrying={query.isFetching}
          />
        )}
        {query.data && (
          <ScheduleForm
            key={version}
            initial={toDraft(query.data)}
            onSaved={() => {
              setVersion((v) => v + 1);
            }}
          />
        )}
      </Stack>
    </Container>
  );
}

/** The errors that belong to one day (`days.monday…`), keys made relative to the day. */
function dayErrors(errors: FieldErrors, day: Weekday): FieldErrors {
  const prefix = `days.${day}.`;
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, message]) => [key.slice(prefix.length), message]),
  );
}

function ScheduleForm({ initial, onSaved }: { initial: WeekDraft; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const formRef = useRef<HTMLFormElement>(null);
  const [week, setWeek] = useState(initial);
  const [stored] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);

  const mutation = useMutation({
    mutationFn: saveSchedule,
    onSuccess: (saved) => {
      queryClient.setQueryData(SCHEDULE_KEY, saved);
      notify(frPreferences.saved);
      onSaved();
    },
    onError: (error) => {
      setErrors(fieldsOf(error));
      setAttempt((n) => n + 1);
    },
  });
  useFocusFirstError(formRef, errors, attempt);

  const dirty = JSON.stringify(toUpdate(week)) !== JSON.stringify(toUpdate(stored));

  const change = (day: Weekday, next: DayDraft) => {
    setWeek((current) => ({ ...current, [day]: next }));
    // Judge the day again as it now stands, so that a fixed range loses its message at once.
    setErrors((current) => {
      const kept = Object.fromEntries(
        Object.entries(current).filter(([key]) => !key.startsWith(`days.${day}`)),
      );
      if (Object.keys(dayErrors(current, day)).length === 0) return kept;
      return { ...kept, ...scheduleProblems({ ...week, [day]: next }) };
    });
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problems = scheduleProblems(week);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    mutation.mutate(toUpdate(week));
  };

  const others = Object.entries(errors)
    .filter(([key]) => !WEEKDAYS.some((day) => key.startsWith(`days.${day}`)))
    .map(([, message]) => message);

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm">{t.howTo}</Text>
          <Text size="sm" c="dimmed">
            {t.timezone}
          </Text>
        </Stack>
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {WEEKDAYS.map((day) => (
            <li key={day}>
              <DayCard
                day={day}
                draft={week[day]}
                onChange={(next) => {
                  change(day, next);
                }}
                errors={dayErrors(errors, day)}
                disabled={mutation.isPending}
              />
            </li>
          ))}
        </Stack>
        {Object.keys(errors).length > others.length && (
          <Text size="sm" c="red.9" role="alert">
            {fr.errors.invalidForm}
          </Text>
        )}
        <OtherFieldErrors messages={others} />
        {mutation.isError && Object.keys(fieldsOf(mutation.error)).length === 0 && (
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate(mutation.variables);
            }}
          />
        )}
        <SaveBar dirty={dirty} saving={mutation.isPending} />
      </Stack>
    </form>
  );
}
