import { Anchor, Box, Button, Group, Image, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes, fr } from '../i18n/fr.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { fetchProof, type Registration } from './support-api.ts';
import { useObjectUrl } from './useObjectUrl.ts';

const t = fr.support;

function typeLabel(mimeType: string): string {
  if (mimeType === 'application/pdf') return 'PDF';
  if (mimeType.startsWith('image/')) return mimeType.slice('image/'.length).toUpperCase();
  return mimeType;
}

/**
 * The proof document, fetched (decrypted by the server) only when support asks to see it: each
 * opening is an access to a personal document, and the server records it.
 */
export function ProofPreview({ registration }: { registration: Registration }) {
  const [shown, setShown] = useState(false);
  const { proof, id } = registration;
  const name = `${registration.firstName} ${registration.lastName}`;
  const query = useQuery({
    queryKey: ['admin', 'proof', id],
    queryFn: ({ signal }) => fetchProof(id, signal),
    enabled: shown && proof !== null,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const url = useObjectUrl(query.data);

  if (!proof) {
    return (
      <Text size="sm" c="dimmed">
        {t.proofNone}
      </Text>
    );
  }

  const type = query.data?.type || proof.mimeType;
  return (
    <Stack gap="xs">
      <Group gap="sm" justify="space-between">
        <Button
          variant="light"
          size="sm"
          aria-expanded={shown}
          onClick={() => {
            setShown((s) => !s);
          }}
        >
          {shown ? t.proofHide : t.proofShow}
        </Button>
        <Text size="sm" c="dimmed">
          {t.proofInfo(typeLabel(proof.mimeType), formatBytes(proof.size))}
        </Text>
      </Group>
      {shown && query.isPending && <Loader size="sm" aria-label={fr.app.loading} />}
      {shown && query.isError && (
        <ErrorAlert
          error={query.error}
          kind="read"
          onRetry={() => {
            void query.refetch();
          }}
          retrying={query.isFetching}
        />
      )}
      {shown && url && (
        <Box>
          {type.startsWith('image/') ? (
            <Image
              src={url}
              alt={t.proofAlt(name)}
              radius="sm"
              fit="contain"
              mah={480}
              style={{ border: '1px solid var(--mantine-color-gray-4)' }}
            />
          ) : (
            <iframe
              src={url}
              title={t.proofAlt(name)}
              style={{
                width: '100%',
                height: '28rem',
                border: '1px solid var(--mantine-color-gray-4)',
                borderRadius: 4,
              }}
            />
          )}
          <Anchor href={url} target="_blank" rel="noopener" size="sm" mt={4} display="inline-block">
            {t.proofOpen}
          </Anchor>
        </Box>
      )}
    </Stack>
  );
}
