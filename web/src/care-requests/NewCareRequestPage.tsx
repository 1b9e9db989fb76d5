import {
  Alert,
  Anchor,
  Button,
  Container,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { CARE_TYPES, CreateCareRequest, type CareType } from '@relais/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError, newSendKey } from '../api/client.ts';
import { useMe } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { fetchPatient, patientKey } from '../patients/patients-api.ts';
import { PROFESSION_OPTIONS } from '../professional/professional-form.ts';
import { ErrorAlert, isTransient, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import {
  fieldsOf,
  issuesToFields,
  unplacedErrors,
  useFocusFirstError,
  withoutFields,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { createCareRequest, DASHBOARD_KEY, SENT_KEY, type CreatedRequest } from './care-requests-api.ts';
import { deadlineFromMinutes, deadlineMinutes, type DeadlineValue } from './deadline.ts';
import { DeadlinePicker } from './DeadlinePicker.tsx';
import { formatWhen, todayInParis } from './format.ts';
import { SENT_PATH } from './paths.ts';

const t = frCareRequests.create;
const CARE_TYPE_OPTIONS = (Object.entries(CARE_TYPES) as [CareType, string][]).map(([value, label]) => ({
  value,
  label,
}));
const SHOWN = [
  'profession',
  'careType',
  'details.startDate',
  'details.frequency',
  'details.durationDays',
  'description',
  'homeVisit',
  'responseMinutes',
];

interface Values {
  profession: string;
  careType: string;
  startDate: string;
  frequency: string;
  durationDays: string;
  description: string;
  place: 'home' | 'office';
  deadline: DeadlineValue;
}

function initialValues(profession: string | null): Values {
  return {
    profession: profession ?? '',
    careType: '',
    startDate: todayInParis(),
    frequency: '',
    durationDays: '',
    description: '',
    place: 'home',
    deadline: deadlineFromMinutes(1440),
  };
}

/** The request body as typed, and what is wrong with it (French, per field path). */
function validate(
  patientId: string,
  values: Values,
): { body: CreateCareRequest | null; problems: FieldErrors } {
  const deadline = deadlineMinutes(values.deadline);
  const duration = values.durationDays.trim();
  const candidate = {
    patientId,
    profession: values.profession,
    careType: values.careType,
    details: {
      startDate: values.startDate,
      frequency: values.frequency,
      durationDays: /^\d+$/.test(duration) ? Number(duration) : Number.NaN,
    },
    description: values.description,
    homeVisit: values.place === 'home',
    responseMinutes: 'minutes' in deadline ? deadline.minutes : 0,
  };
  const parsed = CreateCareRequest.safeParse(candidate);
  const problems = parsed.success ? {} : issuesToFields(parsed.error);
  // Friendlier words where a field is merely empty.
  if (!values.profession) problems.profession = t.professionRequired;
  if (!values.careType) problems.careType = t.careTypeRequired;
  if (duration && !/^\d+$/.test(duration)) problems['details.durationDays'] = t.durationInvalid;
  if ('problem' in deadline) problems.responseMinutes = deadline.problem;
  return { body: parsed.success ? parsed.data : null, problems };
}

function Sent({
  created,
  patientId,
  onAnother,
}: {
  created: CreatedRequest;
  patientId: string;
  onAnother: () => void;
}) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    title.current?.focus();
  }, []);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="request-sent-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="request-sent-title" ref={title} tabIndex={-1}>
          {t.sentTitle}
        </Title>
        <Alert color="green" variant="light" role="status">
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {created.phase === 'priority'
                ? t.phasePriority(formatWhen(created.priorityUntil))
                : t.phasePool}
            </Text>
            <Text size="sm">{t.recipients(created.recipients)}</Text>
            <Text size="sm">{t.deadline(formatWhen(created.expiresAt))}</Text>
          </Stack>
        </Alert>
        {created.recipients === 0 && (
          <Alert color="orange" variant="light">
            <Text size="sm">{t.noRecipients}</Text>
          </Alert>
        )}
        <Button component={Link} to={SENT_PATH}>
          {t.seeSent}
        </Button>
        <Button variant="default" onClick={onAnother}>
          {t.another}
        </Button>
        <Button variant="subtle" component={Link} to={`/patients/${encodeURIComponent(patientId)}`}>
          {t.backToFile}
        </Button>
      </Stack>
    </Paper>
  );
}

/** D7 — "Nouvelle demande" from a patient file: what, when, where, a description, and a response deadline. */
export function NewCareRequestPage() {
  usePageTitle(t.title);
  const { id: patientId = '' } = useParams();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const patient = useQuery({
    queryKey: patientKey(patientId),
    queryFn: ({ signal }) => fetchPatient(patientId, signal),
  });
  const [values, setValues] = useState<Values>(() => initialValues(me?.user.profession ?? null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  useFocusFirstError(formRef, errors, attempt);

  // One key per submission, kept while its tries fail without an answer: a retry replays, never duplicates.
  const sendKey = useRef<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: CreateCareRequest) => {
      sendKey.current ??= newSendKey();
      return createCareRequest(body, sendKey.current);
    },
    onSettled: (_, error) => {
      if (!isTransient(error)) sendKey.current = null;
    },
    onSuccess: async () => {
      window.scrollTo({ top: 0 });
      await queryClient.invalidateQueries({ queryKey: SENT_KEY });
      await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
    },
    onError: (error) => {
      setErrors(fieldsOf(error));
      setAttempt((n) => n + 1);
    },
  });

  const set = (change: Partial<Values>, paths: string[]) => {
    setValues((v) => ({ ...v, ...change }));
    setErrors((e) => withoutFields(e, paths));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const { body, problems } = validate(patientId, values);
    setErrors(problems);
    if (!body || Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    mutation.mutate(body);
  };

  if (patient.isPending) return <PageLoader />;
  if (patient.isError) {
    const missing = isApiError(patient.error, 404);
    return (
      <Container size="sm" px={0}>
        <Stack gap="md">
          <Title order={1} size="h2">
            {t.title}
          </Title>
          {missing ? (
            <Alert color="orange" variant="light" role="alert">
              <Text size="sm">{t.patientUnavailable}</Text>
            </Alert>
          ) : (
            <ErrorAlert
              error={patient.error}
              kind="read"
              onRetry={() => {
                void patient.refetch();
              }}
              retrying={patient.isFetching}
            />
          )}
          <Anchor component={Link} to="/patients">
            {t.backToPatients}
          </Anchor>
        </Stack>
      </Container>
    );
  }

  const name = `${patient.data.firstName} ${patient.data.lastName}`;
  const others = unplacedErrors(errors, SHOWN);
  const pending = mutation.isPending;
  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to={`/patients/${encodeURIComponent(patientId)}`} size="sm">
          ← {t.backToFile}
        </Anchor>
        <Stack gap={4}>
          <Title order={1} size="h2">
            {t.title}
          </Title>
          <Text fw={600} size="lg">
            {t.forPatient(name)}
          </Text>
        </Stack>
        {mutation.isSuccess ? (
          <Sent
            created={mutation.data}
            patientId={patientId}
            onAnother={() => {
              mutation.reset();
              setValues(initialValues(me?.user.profession ?? null));
              setErrors({});
            }}
          />
        ) : (
          <form ref={formRef} onSubmit={submit} noValidate>
            <Stack gap="lg">
              <Stack gap={4}>
                <Text c="dimmed">{t.intro}</Text>
                <Text size="sm" c="dimmed">
                  {t.allRequired}
                </Text>
              </Stack>
              <Fieldset legend={t.sectionWhat} disabled={pending}>
                <Stack gap="md">
                  <NativeSelect
                    label={t.profession}
                    value={values.profession}
                    onChange={(event) => {
                      set({ profession: event.currentTarget.value }, ['profession']);
                    }}
                    data={[
                      { value: '', label: t.professionPlaceholder, disabled: true },
                      ...PROFESSION_OPTIONS,
                    ]}
                    error={errors.profession}
                    required
                  />
                  <NativeSelect
                    label={t.careType}
                    value={values.careType}
                    onChange={(event) => {
                      set({ careType: event.currentTarget.value }, ['careType']);
                    }}
                    data={[{ value: '', label: t.careTypePlaceholder, disabled: true }, ...CARE_TYPE_OPTIONS]}
                    error={errors.careType}
                    required
                  />
                </Stack>
              </Fieldset>

              <Fieldset legend={t.sectionWhen} disabled={pending}>
                <Stack gap="md">
                  <TextInput
                    type="date"
                    label={t.startDate}
                    value={values.startDate}
                    min={todayInParis()}
                    onChange={(event) => {
                      set({ startDate: event.currentTarget.value }, ['details.startDate', 'details']);
                    }}
                    error={errors['details.startDate']}
                    required
                  />
                  <Stack gap={6}>
                    <TextInput
                      label={t.frequency}
                      description={t.frequencyHint}
                      value={values.frequency}
                      onChange={(event) => {
                        set({ frequency: event.currentTarget.value }, ['details.frequency', 'details']);
                      }}
                      error={errors['details.frequency']}
                      maxLength={100}
                      required
                    />
                    <Group gap={6} role="group" aria-label={t.frequencySuggestions}>
                      {t.frequencyPresets.map((preset) => (
                        <Button
                          key={preset}
                          size="compact-sm"
                          variant={values.frequency === preset ? 'filled' : 'light'}
                          aria-pressed={values.frequency === preset}
                          onClick={() => {
                            set({ frequency: preset }, ['details.frequency', 'details']);
                          }}
                          disabled={pending}
                        >
                          {preset}
                        </Button>
                      ))}
                    </Group>
                  </Stack>
                  <TextInput
                    label={t.durationDays}
                    inputMode="numeric"
                    value={values.durationDays}
                    onChange={(event) => {
                      set({ durationDays: event.currentTarget.value.replace(/[^\d]/g, '') }, [
                        'details.durationDays',
                        'details',
                      ]);
                    }}
                    error={errors['details.durationDays']}
                    maxLength={3}
                    required
                  />
                </Stack>
              </Fieldset>

              <Fieldset legend={t.sectionWhere} disabled={pending}>
                <Radio.Group
                  label={t.place}
                  value={values.place}
                  onChange={(value) => {
                    set({ place: value === 'office' ? 'office' : 'home' }, ['homeVisit']);
                  }}
                  error={errors.homeVisit}
                >
                  <Group gap="xl" mt={6}>
                    <Radio value="home" label={t.homeVisit} size="md" />
                    <Radio value="office" label={t.office} size="md" />
                  </Group>
                </Radio.Group>
              </Fieldset>

              <Fieldset legend={t.sectionDescription} disabled={pending}>
                <Stack gap="sm">
                  <Alert color="yellow" variant="light" p="sm">
                    <Text size="sm">{t.descriptionWarning}</Text>
                  </Alert>
                  <Textarea
                    label={t.description}
                    description={t.descriptionHint}
                    value={values.description}
                    onChange={(event) => {
                      set({ description: event.currentTarget.value }, ['description']);
                    }}
                    error={errors.description}
                    minRows={4}
                    autosize
                    maxLength={2000}
                    required
                  />
                </Stack>
              </Fieldset>

              <Fieldset legend={t.sectionDeadline} disabled={pending}>
                <DeadlinePicker
                  value={values.deadline}
                  onChange={(deadline) => {
                    set({ deadline }, ['responseMinutes']);
                  }}
                  error={errors.responseMinutes}
                  disabled={pending}
                  labelHidden
                />
              </Fieldset>

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
              <Button type="submit" loading={pending} fullWidth size="lg">
                {t.submit}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Container>
  );
}
