import { Combobox, Group, Loader, Text, TextInput, useCombobox, type TextInputProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CommuneSuggestion } from '@relais/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fr } from '../i18n/fr.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { errorMessage } from '../ui/ErrorAlert.tsx';
import { searchCommunes } from './patients-api.ts';

const t = frPatients.form;

interface CommuneInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  value: string;
  onChange: (value: string) => void;
  /** A suggestion was picked: it fills the postal code and the city together. */
  onPick: (commune: CommuneSuggestion) => void;
  /** The suggestions may need more room than a narrow input (a postal code). */
  dropdownWidth?: number;
}

const RETRY = '__retry';
const keyOf = (c: CommuneSuggestion) => `${c.insee}-${c.postalCode}`;

/** A postal code or city input that suggests the (postal code, commune) pairs the server knows. */
export function CommuneInput({ value, onChange, onPick, dropdownWidth, ...input }: CommuneInputProps) {
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
    },
  });
  const [typing, setTyping] = useState(false);
  const [q] = useDebouncedValue(value.trim(), 250);
  const enabled = typing && q.length >= 2;
  const query = useQuery({
    queryKey: ['geo', 'communes', q],
    queryFn: ({ signal }) => searchCommunes(q, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });
  const suggestions = enabled ? (query.data ?? []) : [];
  const waiting = enabled && (query.isFetching || q !== value.trim());

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(key) => {
        if (key === RETRY) {
          void query.refetch();
          return;
        }
        const picked = suggestions.find((c) => keyOf(c) === key);
        if (picked) onPick(picked);
        setTyping(false);
        combobox.closeDropdown();
      }}
      width={dropdownWidth ?? 'target'}
      position="bottom-start"
    >
      <Combobox.Target>
        <TextInput
          {...input}
          value={value}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            setTyping(true);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onBlur={() => {
            combobox.closeDropdown();
          }}
          rightSection={waiting ? <Loader size="xs" aria-label={t.communeSearching} /> : null}
          autoComplete="off"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!enabled}>
        <Combobox.Options aria-label={t.suggestions}>
          {suggestions.map((c) => (
            <Combobox.Option value={keyOf(c)} key={keyOf(c)}>
              <Group gap={8} wrap="nowrap">
                <Text fw={600} size="sm">
                  {c.postalCode}
                </Text>
                <Text size="sm">{c.city}</Text>
              </Group>
            </Combobox.Option>
          ))}
          {query.isError && (
            <Combobox.Option value={RETRY}>
              <Text size="sm" c="red.9">
                {errorMessage(query.error)}
              </Text>
              <Text size="sm" fw={600} c="blue.9">
                {fr.common.retry}
              </Text>
            </Combobox.Option>
          )}
          {!query.isError && suggestions.length === 0 && (
            <Combobox.Empty>{waiting ? fr.app.loading : t.communeNone}</Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
