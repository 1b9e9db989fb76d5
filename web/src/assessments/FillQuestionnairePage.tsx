import {
  Alert,
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useMe } from '../auth/session.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { personName } from '../patients/patient-form.ts';
import { PatientLoadError } from '../patients/PatientLoadError.tsx';
import { fetchPatient, patientKey, type PatientFile } from '../patients/patients-api.ts';
import { ErrorAlert, InfoAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { problems, serverProblems, toAnswers, type Draft } from './answers.ts';
import {
  createAssessment,
  fetchQuestionnaires,
  fillPath,
  patientPath,
  QUESTIONNAIRES_KEY,
  refreshAlerts,
  timelineKey,
  type AssessmentResult,
  type Questionnaire,
} from './assessments-api.ts';
import { IndicatorList } from './IndicatorList.tsx';
import { ItemInput } from './ItemInput.tsx';
import { useMySeriesEnded } from './useMySeriesEnded.ts';

const t = frAssessments.fill;

/** The questionnaires my profession may fill (an empty list of professions: anyone in the care team). */
function useMyQuestionnaires() {
  const me = useMe().data;
  const query = useQuery({
    queryKey: QUESTIONNAIRES_KEY,
    queryFn: ({ signal }) => fetchQuestionnaires(signal),
  });
  const profession = me?.user.profession ?? null;
  const mine = query.data?.filter(
    (q) => q.professions.length === 0 || (profession !== null && q.professions.includes(profession)),
  );
  return { query, mine };
}

function Picker({
  patientId,
  list,
  request,
}: {
  patientId: string;
  list: Questionnaire[];
  request: string | null;
}) {
  if (list.length === 0)
    return (
      <Stack gap={4} py="lg" align="center" ta="center">
        <Text fw={600}>{t.empty}</Text>
        <Text c="dimmed" size="sm">
          {t.emptyHint}
        </Text>
      </Stack>
    );
  return (
    <Stack gap="sm">
      <Text fw={600} id="picker-title">
        {t.pick}
      </Text>
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby="picker-title">
        {list.map((q) => (
          <li key={q.id}>
            <UnstyledButton
              component={Link}
              to={fillPath(patientId, { questionnaire: q.id, request })}
              replace
              style={{ display: 'block', width: '100%' }}
            >
              <Paper withBorder p="md">
                <Group justify="space-between" wrap="nowrap" gap="sm" mih={48}>
                  <Stack gap={4} align="flex-start">
                    <Text fw={700} size="lg">
                      {q.title}
                    </Text>
                    <Badge variant="light" tt="none">
                      {frAssessments.kind[q.kind] ?? q.kind}
                    </Badge>
                  </Stack>
                  <Text fw={700} size="xl" c="blue.9" aria-hidden="true">
                    ›
                  </Text>
                </Group>
              </Paper>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function Result({ patientId, result }: { patientId: string; result: AssessmentResult }) {
  const r = frAssessments.result;
  const negative = result.indicators.filter((i) => i.status === 'negative').length;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="result-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="result-title">
          {r.indicators}
        </Title>
        {negative > 0 ? (
          <Alert color="red" variant="light" role="alert" title={r.negative(negative)}>
            <Text size="sm">{r.alerted}</Text>
          </Alert>
        ) : (
          <Text>{result.indicators.length ? r.allOk : r.noIndicators}</Text>
        )}
        <IndicatorList indicators={result.indicators} />
        <Button component={Link} to={patientPath(patientId)} size="lg" fullWidth>
          {r.back}
        </Button>
      </Stack>
    </Paper>
  );
}

function QuestionnaireForm({
  patient,
  questionnaire,
  careRequestId,
  onDone,
}: {
  patient: PatientFile;
  questionnaire: Questionnaire;
  careRequestId: string | null;
  onDone: (result: AssessmentResult) => void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({});
  const [blurred, setBlurred] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [fromServer, setFromServer] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);

  const mutation = useMutation({
    mutationFn: () =>
      createAssessment(patient.id, {
        questionnaireId: questionnaire.id,
        answers: toAnswers(questionnaire, draft),
        ...(careRequestId ? { careRequestId } : {}),
      }),
    onSuccess: async (result) => {
      onDone(result);
      window.scrollTo({ top: 0 });
      await queryClient.invalidateQueries({ queryKey: timelineKey(patient.id) });
      await refreshAlerts(queryClient);
    },
    onError: (error) => {
      if (isApiError(error, 400)) setFromServer(serverProblems(error.fields));
    },
  });

  const typing = problems(questionnaire, draft, true);
  const shown: Record<string, string> = {};
  for (const item of questionnaire.items) {
    const problem = fromServer[item.code] ?? typing[item.code];
    const value = draft[item.code];
    const started = value !== undefined && value !== '';
    // Range and type problems as you type; "obligatoire" once the field is left or the form sent.
    if (problem && (submitted || blurred.has(item.code) || (started && problem !== t.required)))
      shown[item.code] = problem;
  }
  const remaining = Object.keys(typing).length;

  return (
    <form
      ref={form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setSubmitted(true);
        if (remaining > 0) {
          // The first answer to correct comes into view.
          requestAnimationFrame(() => {
            form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
          });
          return;
        }
        mutation.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
        {questionnaire.items.map((item) => (
          <Paper key={item.code} withBorder p="md">
            <ItemInput
              item={item}
              value={draft[item.code]}
              error={shown[item.code] ?? null}
              onChange={(value) => {
                setDraft((d) => ({ ...d, [item.code]: value }));
                setFromServer(({ [item.code]: _, ...rest }) => rest);
                if (typeof value === 'boolean' || item.type === 'choice')
                  setBlurred((b) => new Set(b).add(item.code));
              }}
              onBlur={() => {
                setBlurred((b) => new Set(b).add(item.code));
              }}
            />
          </Paper>
        ))}
        <Text size="xs" c="dimmed">
          {t.source(questionnaire.source)}
        </Text>
        {submitted && remaining > 0 && (
          <Alert color="red" variant="light" role="alert">
            <Text size="sm">{t.fix(remaining)}</Text>
          </Alert>
        )}
        <ErrorAlert
          error={mutation.error}
          onRetry={() => {
            mutation.mutate();
          }}
          retrying={mutation.isPending}
        />
        <Button type="submit" size="xl" fullWidth loading={mutation.isPending}>
          {t.submit}
        </Button>
      </Stack>
    </form>
  );
}

/** "Remplir un questionnaire" on a phone: pick one, answer item by item, see the indicators computed (D17). */
export function FillQuestionnairePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const chosen = params.get('q');
  const request = params.get('demande');
  const patient = useQuery({ queryKey: patientKey(id), queryFn: ({ signal }) => fetchPatient(id, signal) });
  const { query: questionnaires, mine } = useMyQuestionnaires();
  const ended = useMySeriesEnded(id);
  const [result, setResult] = useState<AssessmentResult | null>(null);
  const questionnaire = chosen ? mine?.find((q) => q.id === chosen) : undefined;
  usePageTitle(questionnaire?.title ?? t.title);

  let body: React.ReactNode;
  if (patient.isPending || questionnaires.isPending || ended === null) body = <PageLoader />;
  else if (patient.isError) body = <PatientLoadError query={patient} />;
  else if (questionnaires.isError)
    body = (
      <ErrorAlert
        error={questionnaires.error}
        kind="read"
        onRetry={() => {
          void questionnaires.refetch();
        }}
        retrying={questionnaires.isFetching}
      />
    );
  else if (result) body = <Result patientId={id} result={result} />;
  else if (patient.data.myAccess !== 'care_team') body = <InfoAlert>{t.notCareTeam}</InfoAlert>;
  else if (ended) body = <InfoAlert>{frAssessments.end.readOnly}</InfoAlert>;
  else if (!chosen) body = <Picker patientId={id} list={mine ?? []} request={request} />;
  else if (!questionnaire)
    body = (
      <Stack gap="sm">
        <InfoAlert>{t.unknown}</InfoAlert>
        <Picker patientId={id} list={mine ?? []} request={request} />
      </Stack>
    );
  else
    body = (
      <Stack gap="md">
        {request && <InfoAlert>{t.linked}</InfoAlert>}
        <QuestionnaireForm
          key={questionnaire.id}
          patient={patient.data}
          questionnaire={questionnaire}
          careRequestId={request}
          onDone={setResult}
        />
        <Anchor
          component="button"
          type="button"
          fw={600}
          onClick={() => {
            void navigate(fillPath(id, { request }), { replace: true });
          }}
        >
          {t.otherQuestionnaire}
        </Anchor>
      </Stack>
    );

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to={patientPath(id)} size="sm">
          ← {t.back}
        </Anchor>
        <div>
          <Title order={1} size="h2">
            {result ? frAssessments.result.title : (questionnaire?.title ?? t.title)}
          </Title>
          {patient.data && (
            <Group gap="xs">
              <Text c="dimmed">{t.for(personName(patient.data))}</Text>
            </Group>
          )}
        </div>
        {body}
      </Stack>
    </Container>
  );
}
