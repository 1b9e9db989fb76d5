import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { detailsText } from './CareRequestCard.tsx';
import { fetchCareRequest, fetchSent, requestKey, SENT_KEY } from './care-requests-api.ts';
import { careTypeLabel, formatShortInstant, personName, professionName } from './format.ts';
import { newRequestPath, SENT_PATH } from './paths.ts';
import { SentStatusBadge } from './SentStatusBadge.tsx';

const t = frCareRequests;

/** The request just accepted (`?demande=<id>` after "Accepter"): what to do, as its acceptor now reads it. */
function AcceptedRequest({ id }: { id: string }) {
  const query = useQuery({ queryKey: requestKey(id), queryFn: ({ signal }) => fetchCareRequest(id, signal) });
  if (query.isPending) return <PageLoader />;
  if (query.isError)
    return (
      <ErrorAlert
        error={query.error}
        kind="read"
        onRetry={() => {
          void query.refetch();
        }}
        retrying={query.isFetching}
      />
    );
  const request = query.data;
  if (request.view !== 'privileged' || !request.acceptedByMe) return null;
  return (
    <Paper withBorder p="sm" bg="green.0" component="article" aria-labelledby="accepted-request-title">
      <Stack gap={6}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t.patientFile.accepted}
        </Text>
        <Title order={3} size="h5" id="accepted-request-title">
          {professionName(request.profession)} · {careTypeLabel(request.careType)}
        </Title>
        <Text size="sm">
          {detailsText(request.details)} · {request.homeVisit ? t.details.homeVisit : t.details.office}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {request.description}
        </Text>
        <Text size="sm" c="dimmed">
          {t.card.declencheur} {personName(request.declencheur)}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The requests I sent for this patient (the API lists requests by déclencheur, not by patient). */
function MyRequests({ patientId }: { patientId: string }) {
  const query = useQuery({ queryKey: SENT_KEY, queryFn: ({ signal }) => fetchSent(signal) });
  if (query.isPending) return <PageLoader />;
  if (query.isError)
    return (
      <ErrorAlert
        error={query.error}
        kind="read"
        onRetry={() => {
          void query.refetch();
        }}
        retrying={query.isFetching}
      />
    );
  const mine = query.data.filter((r) => r.patient.id === patientId);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t.patientFile.mine}
      </Title>
      {mine.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.patientFile.none}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {mine.map((r) => (
            <li key={r.id}>
              <Stack gap={2} align="flex-start">
                <Text fw={600} size="sm">
                  {careTypeLabel(r.careType)}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' · '}
                    {t.sent.createdAt(formatShortInstant(r.createdAt))}
                  </Text>
                </Text>
                <SentStatusBadge request={r} />
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {mine.length > 0 && (
        <Anchor component={Link} to={SENT_PATH} size="sm" fw={600}>
          {t.patientFile.seeAll}
        </Anchor>
      )}
    </Stack>
  );
}

/** The care-request slot of the patient file: create a request (D7), the one just accepted, mine for this patient. */
export function PatientCareRequests({ patient }: { patient: { id: string } }) {
  const titleId = useId();
  const [params] = useSearchParams();
  const accepted = params.get('demande');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          {t.patientFile.title}
        </Title>
        {accepted && <AcceptedRequest id={accepted} />}
        <Stack gap={4}>
          <Button component={Link} to={newRequestPath(patient.id)} fullWidth>
            {t.patientFile.create}
          </Button>
          <Text size="xs" c="dimmed">
            {t.patientFile.createHint}
          </Text>
        </Stack>
        <MyRequests patientId={patient.id} />
      </Stack>
    </Paper>
  );
}
