import { Badge, Container, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { formatShortInstant } from '../care-requests/format.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { ageOf, frenchDate, personName } from '../patients/patient-form.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { patientPath, type ArchivedFile } from './assessments-api.ts';
import { useArchives } from './useMySeriesEnded.ts';

const t = frAssessments.archives;

function ArchiveCard({ file }: { file: ArchivedFile }) {
  const name = personName(file);
  const age = ageOf(file.birthDate);
  return (
    <UnstyledButton
      component={Link}
      to={patientPath(file.id)}
      aria-label={t.open(name)}
      style={{ display: 'block', width: '100%' }}
    >
      <Paper withBorder p="md">
        <Stack gap={4}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Text>
            {file.archived && (
              <Badge color="gray" variant="filled" tt="none" title={t.archivedHint}>
                {t.archived}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {[
              frPatients.born(file.sex, frenchDate(file.birthDate)),
              age === null ? null : frPatients.age(age),
              file.communeName,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Text size="sm">{t.ended(formatShortInstant(file.endedAt))}</Text>
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

/** "Mes archives" (D18): the files whose series of care I ended; each opens read-only. */
export function ArchivesPage() {
  usePageTitle(t.title);
  const query = useArchives();

  let body: React.ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError)
    body = (
      <ErrorAlert
        error={query.error}
        kind="read"
        onRetry={() => {
          void query.refetch();
        }}
        retrying={query.isFetching}
      />
    );
  else if (query.data.length === 0)
    body = (
      <Stack gap={4} py="lg" align="center" ta="center">
        <Text fw={600}>{t.empty}</Text>
        <Text c="dimmed" size="sm">
          {t.emptyHint}
        </Text>
      </Stack>
    );
  else
    body = (
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {query.data.map((file) => (
          <li key={file.id}>
            <ArchiveCard file={file} />
          </li>
        ))}
      </Stack>
    );

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t.title}
        </Title>
        {body}
      </Stack>
    </Container>
  );
}
