import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../auth/session.ts';
import { formatShortInstant, personName } from '../care-requests/format.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { answerText } from './answers.ts';
import {
  fetchQuestionnaires,
  fetchTimeline,
  fillPath,
  QUESTIONNAIRES_KEY,
  timelineKey,
  type Assessment,
  type Questionnaire,
} from './assessments-api.ts';
import { IndicatorList } from './IndicatorList.tsx';

const t = frAssessments.timeline;

/** The file's timeline, shared by the section and "Fin série de soins" (which needs to know of my bilan). */
export function useTimeline(patientId: string) {
  return useQuery({
    queryKey: timelineKey(patientId),
    queryFn: ({ signal }) => fetchTimeline(patientId, signal),
  });
}

function Answers({ entry, questionnaire }: { entry: Assessment; questionnaire: Questionnaire | undefined }) {
  const items = questionnaire?.items ?? [];
  const codes = items.length ? items.map((i) => i.code) : Object.keys(entry.answers);
  return (
    <Stack gap={4} component="dl" m={0}>
      {codes.map((code) => {
        const item = items.find((i) => i.code === code);
        const text = answerText(item, entry.answers[code]);
        return (
          <Group key={code} gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" component="dt">
              {item?.label ?? code}
            </Text>
            <Text size="sm" fw={600} component="dd" m={0} ta="right" style={{ overflowWrap: 'anywhere' }}>
              {text ?? t.noAnswer}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

function Entry({
  entry,
  questionnaire,
  mine,
}: {
  entry: Assessment;
  questionnaire: Questionnaire | undefined;
  mine: boolean;
}) {
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const negative = entry.indicators.some((i) => i.status === 'negative');
  const author = `${personName(entry.author)}${mine ? ` ${t.me}` : ''}`;
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      aria-labelledby={titleId}
      style={negative ? { borderLeft: '4px solid var(--mantine-color-red-9)' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Title order={3} size="h5" id={titleId}>
            {entry.title}
          </Title>
          <Badge
            variant="light"
            tt="none"
            color={entry.kind === 'bilan' ? 'teal' : 'blue'}
            style={{ flexShrink: 0 }}
          >
            {frAssessments.kind[entry.kind] ?? entry.kind}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t.by(author, formatShortInstant(entry.createdAt))}
        </Text>
        <IndicatorList indicators={entry.indicators} compact />
        <Anchor
          component="button"
          type="button"
          size="sm"
          fw={600}
          ta="left"
          aria-expanded={open}
          onClick={() => {
            setOpen((o) => !o);
          }}
        >
          {open ? t.hideAnswers : t.answers}
        </Anchor>
        {open && <Answers entry={entry} questionnaire={questionnaire} />}
      </Stack>
    </Paper>
  );
}

/**
 * The file's "Bilans et questionnaires" (D17): the way in to fill one (care team, series not ended) and the
 * timeline, newest first, with the author, the date and each indicator's status.
 */
export function PatientAssessments({ patient, writable }: { patient: { id: string }; writable: boolean }) {
  const [params] = useSearchParams();
  const timeline = useTimeline(patient.id);
  const questionnaires = useQuery({
    queryKey: QUESTIONNAIRES_KEY,
    queryFn: ({ signal }) => fetchQuestionnaires(signal),
  });
  const myId = useMe().data?.user.id;

  let list: React.ReactNode;
  if (timeline.isPending) list = <PageLoader />;
  else if (timeline.isError)
    list = (
      <ErrorAlert
        error={timeline.error}
        kind="read"
        onRetry={() => {
          void timeline.refetch();
        }}
        retrying={timeline.isFetching}
      />
    );
  else if (timeline.data.length === 0)
    list = (
      <Text size="sm" c="dimmed">
        {t.empty}
      </Text>
    );
  else
    list = (
      <Stack gap="sm">
        {timeline.data.map((entry) => (
          <Entry
            key={entry.id}
            entry={entry}
            mine={entry.author.id === myId}
            // The latest version's labels: versions keep their item codes.
            questionnaire={questionnaires.data?.find((q) => q.id === entry.questionnaireId)}
          />
        ))}
      </Stack>
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="patient-assessments">
      <Stack gap="sm">
        <Title order={2} size="h4" id="patient-assessments">
          {t.title}
        </Title>
        {writable && (
          <Stack gap={4}>
            <Button
              component={Link}
              to={fillPath(patient.id, { request: params.get('demande') })}
              size="md"
              fullWidth
            >
              {frAssessments.fill.entry}
            </Button>
            <Text size="xs" c="dimmed">
              {frAssessments.fill.entryHint}
            </Text>
          </Stack>
        )}
        {list}
      </Stack>
    </Paper>
  );
}
