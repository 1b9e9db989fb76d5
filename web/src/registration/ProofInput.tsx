import { Button, Fieldset, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { PROOF_MAX_BYTES } from '@relais/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { formatBytes, fr } from '../i18n/fr.ts';

const t = fr.registration;
export const PROOF_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** Some systems give no MIME type; the extension then decides. The server checks the content anyway. */
function typeOf(file: File): string {
  if (file.type) return file.type;
  return EXTENSION_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? '';
}

export function proofProblem(file: File | null): string | null {
  if (!file) return t.proofRequired;
  if (!(PROOF_TYPES as readonly string[]).includes(typeOf(file))) return t.proofBadType;
  if (file.size > PROOF_MAX_BYTES) return t.proofTooLarge;
  return null;
}

interface ProofInputProps {
  file: File | null;
  onChange: (file: File | null) => void;
  error?: string;
  disabled?: boolean;
}

/** The CPS card photo or ADELI certificate: pick a file, or on a phone take the photo directly. */
export function ProofInput({ file, onChange, error, disabled }: ProofInputProps) {
  const id = useId();
  // Touch screens (phones, tablets) get a direct "take a photo" button; `capture` is ignored elsewhere.
  const coarse = useMediaQuery('(any-pointer: coarse)');
  const phone = coarse || navigator.maxTouchPoints > 0;
  const [preview, setPreview] = useState<string | null>(null);
  // Emptying the native inputs lets the same file be picked again after "Retirer".
  const resetChooser = useRef<() => void>(null);
  const resetCamera = useRef<() => void>(null);
  const describedBy = `${id}-hint${error ? ` ${id}-error` : ''}`;

  useEffect(() => {
    if (!file?.type.startsWith('image/')) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => {
      URL.revokeObjectURL(url);
    };
  }, [file]);

  return (
    <Fieldset legend={t.sectionProof} disabled={disabled}>
      <Stack gap="xs">
        <Text id={`${id}-hint`} size="sm" c="dimmed">
          {t.proofHint}
        </Text>
        {/* One button under the other on a phone, full width: two widths side by side do not fit. */}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <FileButton
            onChange={onChange}
            accept={PROOF_TYPES.join(',')}
            resetRef={resetChooser}
            disabled={disabled}
            inputProps={{ 'aria-label': t.proofLabel, name: 'proof' }}
          >
            {(props) => (
              <Button
                variant="default"
                {...props}
                disabled={disabled}
                aria-describedby={describedBy}
                fullWidth
              >
                {t.proofChoose}
              </Button>
            )}
          </FileButton>
          {phone && (
            <FileButton
              onChange={onChange}
              accept="image/jpeg,image/png"
              capture="environment"
              resetRef={resetCamera}
              disabled={disabled}
            >
              {(props) => (
                <Button
                  variant="default"
                  {...props}
                  disabled={disabled}
                  aria-describedby={describedBy}
                  fullWidth
                >
                  {t.proofCamera}
                </Button>
              )}
            </FileButton>
          )}
        </SimpleGrid>
        {file && (
          <Paper withBorder p="sm">
            <Group gap="sm" wrap="nowrap" align="center">
              {preview && <Image src={preview} alt={t.proofPreview} w={64} h={64} fit="cover" radius="sm" />}
              {/* The name gets the whole width beside the preview; "Retirer" goes under it. */}
              <Stack gap={4} align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {t.proofSelected(file.name, formatBytes(file.size))}
                </Text>
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  px={6}
                  ml={-6}
                  onClick={() => {
                    resetChooser.current?.();
                    resetCamera.current?.();
                    onChange(null);
                  }}
                  disabled={disabled}
                >
                  {t.proofRemove}
                </Button>
              </Stack>
            </Group>
          </Paper>
        )}
        {error && (
          <Text id={`${id}-error`} size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
