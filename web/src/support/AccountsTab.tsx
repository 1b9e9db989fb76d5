import { Button, Group, Loader, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { AccountCard } from './AccountCard.tsx';
import { ACCOUNTS_KEY, listAccounts, type Status } from './support-api.ts';

const t = fr.support;
const PAGE_SIZE = 20;
const STATUS_OPTIONS: { value: Status | ''; label: string }[] = [
  { value: '', label: t.allStatuses },
  { value: 'active', label: fr.statuses.active },
  { value: 'pending', label: fr.statuses.pending },
  { value: 'blocked', label: fr.statuses.blocked },
  { value: 'rejected', label: fr.statuses.rejected },
];

function isStatus(value: string): value is Status | '' {
  return STATUS_OPTIONS.some((option) => option.value === value);
}

export function AccountsTab() {
  const myId = useMe().data?.user.id;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(0);

  const query = useQuery({
    queryKey: [...ACCOUNTS_KEY, { q, status, page }],
    queryFn: ({ signal }) => listAccounts({ q, status, limit: PAGE_SIZE, offset: page * PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

  const pages = query.data ? Math.max(1, Math.ceil(query.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <Group gap="sm" align="flex-end" grow preventGrowOverflow={false}>
          <TextInput
            type="search"
            label={t.search}
            description={t.searchHint}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(0);
            }}
            autoComplete="off"
            style={{ minWidth: '14rem' }}
          />
          <NativeSelect
            label={t.statusFilter}
            data={STATUS_OPTIONS}
            value={status}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isStatus(value)) setStatus(value);
              setPage(0);
            }}
            style={{ minWidth: '10rem' }}
          />
        </Group>
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
      {query.data && (
        <>
          <Group gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {query.data.total === 0 ? t.noAccounts : t.accountsTotal(query.data.total)}
            </Text>
            {query.isFetching && <Loader size="xs" aria-label={fr.app.loading} />}
          </Group>
          <Stack gap="md" aria-busy={query.isFetching}>
            {query.data.items.map((account) => (
              <AccountCard key={account.id} account={account} isSelf={account.id === myId} />
            ))}
          </Stack>
          {pages > 1 && (
            <Group justify="space-between">
              <Button
                variant="default"
                onClick={() => {
                  setPage((p) => p - 1);
                }}
                disabled={page === 0}
              >
                {t.previous}
              </Button>
              <Text size="sm">{t.page(page + 1, pages)}</Text>
              <Button
                variant="default"
                onClick={() => {
                  setPage((p) => p + 1);
                }}
                disabled={page + 1 >= pages}
              >
                {t.next}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
