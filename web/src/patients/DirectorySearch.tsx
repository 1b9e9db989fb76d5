import { Badge, Button, Group, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { fr } from '../i18n/fr.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

const t = frPatients.form;

/** The text typed in a directory search box, debounced; `ready` once it is long enough to send. */
export function useSearchText(text: string) {
  const [debounced] = useDebouncedValue(text.trim(), 300);
  return { q: debounced, ready: debounced.length >= 2, settling: debounced !== text.trim() };
}

interface SearchBoxProps {
  label: string;
  description: string;
  value: string;
  onChange: (value: string) => void;
  busy: boolean;
  error?: string | undefined;
  disabled?: boolean | undefined;
}

export function SearchBox({ label, description, value, onChange, busy, error, disabled }: SearchBoxProps) {
  return (
    <TextInput
      type="search"
      label={label}
      description={description}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      rightSection={busy ? <Loader size="xs" aria-label={t.searching} /> : null}
      autoComplete="off"
      error={error}
      disabled={disabled}
    />
  );
}

/** A professional in a result list or a chosen list: name, where they come from, what they do. */
export function PersonRow({
  name,
  detail,
  badge,
  action,
}: {
  name: string;
  detail: string | null;
  badge?: ReactNode;
  action: ReactNode;
}) {
  return (
    <Paper withBorder p="xs" px="sm" component="li">
      <Group justify="space-between" wrap="nowrap" gap="sm" align="center">
        <div style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Text>
            {badge}
          </Group>
          {detail && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {detail}
            </Text>
          )}
        </div>
        <div style={{ flexShrink: 0 }}>{action}</div>
      </Group>
    </Paper>
  );
}

export function SourceBadge({ source }: { source: 'registered' | 'national' }) {
  return source === 'registered' ? (
    <Badge variant="light" color="blue" size="sm" tt="none">
      {t.registered}
    </Badge>
  ) : (
    <Badge variant="light" color="gray" size="sm" tt="none">
      {t.national}
    </Badge>
  );
}

/** A group of search results under its heading, with its own progress, error and retry. */
export function ResultGroup({
  title,
  pending,
  error,
  onRetry,
  retrying,
  empty,
  children,
}: {
  title: string;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  empty: string | null;
  children: ReactNode;
}) {
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {title}
        </Text>
        {pending && <Loader size="xs" aria-label={fr.app.loading} />}
      </Group>
      {error ? (
        <ErrorAlert error={error} kind="read" onRetry={onRetry} retrying={retrying} />
      ) : (
        <>
          {empty && (
            <Text size="sm" c="dimmed">
              {empty}
            </Text>
          )}
          <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {children}
          </Stack>
        </>
      )}
    </Stack>
  );
}

export function PickButton({
  label,
  children,
  onClick,
  disabled,
  variant = 'light',
}: {
  label: string;
  children: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  variant?: 'light' | 'default';
}) {
  return (
    <Button size="sm" variant={variant} aria-label={label} onClick={onClick} disabled={disabled}>
      {children}
    </Button>
  );
}
