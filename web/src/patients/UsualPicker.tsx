import { Fieldset, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { frPatients } from '../i18n/fr-patients.ts';
import {
  PersonRow,
  PickButton,
  ResultGroup,
  SearchBox,
  SourceBadge,
  useSearchText,
} from './DirectorySearch.tsx';
import { usualChoice, type UsualChoice } from './patient-form.ts';
import { searchUsers } from './patients-api.ts';

const t = frPatients.form;
const MAX_USUAL = 30;
const SHOWN = 8;

interface UsualPickerProps {
  value: UsualChoice[];
  onChange: (usual: UsualChoice[]) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** The patient's usual professionals (D8: they see the patient's requests first), all Relais users. */
export function UsualPicker({ value, onChange, error, disabled }: UsualPickerProps) {
  const [text, setText] = useState('');
  const { q, ready, settling } = useSearchText(text);
  const users = useQuery({
    queryKey: ['directory', 'users', q],
    queryFn: ({ signal }) => searchUsers(q, signal),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const chosen = new Set(value.map((u) => u.id));
  const results = (users.data?.items ?? []).slice(0, SHOWN);
  const full = value.length >= MAX_USUAL;

  return (
    <Fieldset legend={t.sectionUsual} disabled={disabled}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t.usualIntro}
        </Text>
        {value.length === 0 ? (
          <Text size="sm">{t.usualNone}</Text>
        ) : (
          <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t.sectionUsual}>
            {value.map((u) => (
              <PersonRow
                key={u.id}
                name={u.name}
                detail={u.detail}
                action={
                  <PickButton
                    variant="default"
                    label={t.usualRemoveLabel(u.name)}
                    onClick={() => {
                      onChange(value.filter((v) => v.id !== u.id));
                    }}
                  >
                    {t.usualRemove}
                  </PickButton>
                }
              />
            ))}
          </Stack>
        )}
        {error && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
        <SearchBox
          label={t.usualSearch}
          description={full ? t.usualMax(MAX_USUAL) : t.usualSearchHint}
          value={text}
          onChange={setText}
          busy={settling || users.isFetching}
          disabled={disabled === true || full}
        />
        {text.trim().length > 0 && !ready && (
          <Text size="sm" c="dimmed">
            {t.typeMore}
          </Text>
        )}
        {ready && (
          <div aria-live="polite">
            <ResultGroup
              title={t.groupRegistered}
              pending={users.isFetching}
              error={users.error}
              onRetry={() => {
                void users.refetch();
              }}
              retrying={users.isFetching}
              empty={users.data && results.length === 0 ? t.usualNoMatch : null}
            >
              {results.map((u) => {
                const choice = usualChoice(u);
                const added = chosen.has(u.id);
                return (
                  <PersonRow
                    key={u.id}
                    name={choice.name}
                    detail={choice.detail}
                    badge={<SourceBadge source="registered" />}
                    action={
                      <PickButton
                        label={t.usualAddLabel(choice.name)}
                        onClick={() => {
                          onChange([...value, choice]);
                        }}
                        disabled={added || full}
                      >
                        {added ? t.usualAdded : t.usualAdd}
                      </PickButton>
                    }
                  />
                );
              })}
            </ResultGroup>
          </div>
        )}
      </Stack>
    </Fieldset>
  );
}
