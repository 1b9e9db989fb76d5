import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { ageOf, frenchDate, personName } from './patient-form.ts';
import { listPatients, patientListKey, type PatientSummary } from './patients-api.ts';

const t = frPatients.list;

/** "Patients en coordination": the search lives in the URL (`?q=`) so that coming back from a file keeps it. */
export function PatientsPage() {
  usePageTitle(t.title);
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [q] = useDebouncedValue(search.trim(), 300);
  const query = useQuery({
    queryKey: patientListKey(q),
    queryFn: ({ signal }) => listPatients(q, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          ← {fr.home.title}
        </Anchor>
        <Group justify="space-between" align="center" gap="sm">
          <Title order={1} size="h2">
            {t.title}
          </Title>
          <Button component={Link} to="/patients/nouveau" size="sm">
            + {t.create}
          </Button>
        </Group>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <TextInput
            type="search"
            label={t.search}
            description={t.searchHint}
            value={search}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setParams(value ? { q: value } : {}, { replace: true });
            }}
            rightSection={
              query.isFetching && !query.isPending ? <Loader size="xs" aria-label={fr.app.loading} /> : null
            }
            autoComplete="off"
          />
        </form>

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
        {query.data && !query.isError && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {query.data.length === 0 ? (q ? t.noMatch(q) : t.empty) : t.count(query.data.length)}
            </Text>
            {query.data.length === 0 && !q && (
              <Paper withBorder p="md">
                <Stack gap="sm" align="flex-start">
                  <Text size="sm">{t.emptyHint}</Text>
                  <Button component={Link} to="/patients/nouveau" variant="light">
                    {t.create}
                  </Button>
                </Stack>
              </Paper>
            )}
            <Stack
              gap="sm"
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-busy={query.isFetching}
            >
              {query.data.map((patient) => (
                <li key={patient.id}>
                  <PatientRow patient={patient} />
                </li>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Container>
  );
}

function PatientRow({ patient }: { patient: PatientSummary }) {
  const name = personName(patient);
  const age = ageOf(patient.birthDate);
  return (
    <UnstyledButton component={Link} to={`/patients/${patient.id}`} display="block" w="100%">
      <Paper withBorder p="sm" px="md">
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Text>
            <Text size="sm" c="dimmed">
              {[age === null ? null : frPatients.age(age), frenchDate(patient.birthDate), patient.communeName]
                .filter((part): part is string => part !== null)
                .join(' · ')}
            </Text>
          </div>
          <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
            {patient.myAccess === 'treating_doctor' && (
              <Badge variant="light" color="violet" tt="none">
                {t.treatingDoctor}
              </Badge>
            )}
            <Text aria-hidden="true" c="dimmed" size="lg">
              ›
            </Text>
          </Group>
        </Group>
      </Paper>
    </UnstyledButton>
  );
}
