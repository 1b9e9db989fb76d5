import { Stack, Text } from '@mantine/core';
import { fr } from '../i18n/fr.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { RegistrationCard } from './RegistrationCard.tsx';
import { usePendingRegistrations } from './usePendingRegistrations.ts';

export function RegistrationsTab() {
  const query = usePendingRegistrations();
  if (query.isPending) return <PageLoader />;
  if (query.isError) {
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
  if (query.data.length === 0) {
    return (
      <Text c="dimmed" py="lg" ta="center">
        {fr.support.noPending}
      </Text>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" aria-live="polite">
        {fr.support.pendingCount(query.data.length)}
      </Text>
      {query.data.map((registration) => (
        <RegistrationCard key={registration.id} registration={registration} />
      ))}
    </Stack>
  );
}
