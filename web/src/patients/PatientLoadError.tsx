import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { isApiError } from '../api/client.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

const t = frPatients.file;

/** 404 means absent or not mine (D16): one wording for both. Anything else can be tried again. */
export function PatientLoadError({ query, order = 2 }: { query: UseQueryResult; order?: 1 | 2 }) {
  if (isApiError(query.error, 404)) {
    return (
      <Paper withBorder p="md" role="alert">
        <Stack gap="xs">
          <Title order={order} size="h3">
            {t.notFound}
          </Title>
          <Text size="sm">{t.notFoundText}</Text>
          <Anchor component={Link} to="/patients" fw={600}>
            {t.back}
          </Anchor>
        </Stack>
      </Paper>
    );
  }
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
}
