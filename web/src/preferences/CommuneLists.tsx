import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { frPreferences } from '../i18n/fr-preferences.ts';

const t = frPreferences.activity;
const PAGE = 30;

export interface ListedCommune {
  insee: string;
  name: string;
  distanceKm: number | null;
}

interface CommuneListsProps {
  attributed: ListedCommune[];
  removed: ListedCommune[];
  onRemove: (insee: string) => void;
  onRestore: (insee: string) => void;
  disabled: boolean;
  error?: string | undefined;
}

/** Accents and case aside, so that "evry" finds "Évry-Courcouronnes". */
function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The attributed communes (nearest first), each removable; the removed ones, each restorable. */
export function CommuneLists({
  attributed,
  removed,
  onRemove,
  onRestore,
  disabled,
  error,
}: CommuneListsProps) {
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE);
  const needle = searchable(filter.trim());
  const matching = needle ? attributed.filter((c) => searchable(c.name).includes(needle)) : attributed;
  const visible = matching.slice(0, shown);

  return (
    <Stack gap="lg">
      <section aria-labelledby="communes-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="communes-title">
            {t.sectionCommunes(attributed.length)}
          </Title>
          <Text size="sm" c="dimmed">
            {t.communesIntro}
          </Text>
          {error && (
            <Text size="sm" c="red.9" role="alert">
              {error}
            </Text>
          )}
          {attributed.length > 10 && (
            <TextInput
              type="search"
              label={t.filter}
              description={t.filterHint}
              value={filter}
              onChange={(event) => {
                setFilter(event.currentTarget.value);
                setShown(PAGE);
              }}
              autoComplete="off"
            />
          )}
          {attributed.length === 0 && <Text size="sm">{t.noCommune}</Text>}
          {attributed.length > 0 && matching.length === 0 && <Text size="sm">{t.noMatch}</Text>}
          <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
            {visible.map((c) => (
              <Group
                component="li"
                key={c.insee}
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                py={6}
                style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
              >
                <Text style={{ overflowWrap: 'anywhere' }}>
                  {c.distanceKm === null ? c.name : t.commune(c.name, c.distanceKm)}
                </Text>
                <Button
                  variant="default"
                  size="sm"
                  onClick={() => {
                    onRemove(c.insee);
                  }}
                  aria-label={t.removeLabel(c.name)}
                  disabled={disabled}
                  style={{ flexShrink: 0 }}
                >
                  {t.remove}
                </Button>
              </Group>
            ))}
          </Stack>
          {matching.length > shown && (
            <Button
              variant="subtle"
              onClick={() => {
                setShown((n) => n + PAGE);
              }}
            >
              {t.showMore(Math.min(PAGE, matching.length - shown))}
            </Button>
          )}
        </Stack>
      </section>

      {removed.length > 0 && (
        <section aria-labelledby="removed-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="removed-title">
              {t.sectionRemoved(removed.length)}
            </Title>
            <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
              {removed.map((c) => (
                <Group
                  component="li"
                  key={c.insee}
                  justify="space-between"
                  wrap="nowrap"
                  gap="sm"
                  py={6}
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
                >
                  <Text c="dimmed" td="line-through" style={{ overflowWrap: 'anywhere' }}>
                    {t.removedCommune(c.name, c.distanceKm)}
                  </Text>
                  <Button
                    variant="light"
                    size="sm"
                    onClick={() => {
                      onRestore(c.insee);
                    }}
                    aria-label={t.restoreLabel(c.name)}
                    disabled={disabled}
                    style={{ flexShrink: 0 }}
                  >
                    {t.restore}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Stack>
        </section>
      )}
    </Stack>
  );
}
