import { Badge, Fieldset, Stack, Text } from '@mantine/core';
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
import { nationalDoctor, userDoctor, type DoctorChoice } from './patient-form.ts';
import { searchNational, searchUsers } from './patients-api.ts';

const t = frPatients.form;
const DOCTOR = '10';
const SHOWN = 8;

interface DoctorPickerProps {
  value: DoctorChoice | null;
  onChange: (doctor: DoctorChoice | null) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * The médecin traitant: a doctor registered on Relais (who will read the file) or one of the national directory
 * (informed by secure mail when the directory gives a mailbox), each result saying which; or none.
 */
export function DoctorPicker({ value, onChange, error, disabled }: DoctorPickerProps) {
  const [text, setText] = useState('');
  const { q, ready, settling } = useSearchText(text);
  const byNumber = /^\d+$/.test(q);

  const users = useQuery({
    queryKey: ['directory', 'users', q],
    queryFn: ({ signal }) => searchUsers(q, signal),
    enabled: ready && !byNumber && value === null,
    placeholderData: keepPreviousData,
  });
  const national = useQuery({
    queryKey: ['directory', 'national', q],
    queryFn: ({ signal }) => searchNational(q, signal),
    enabled: ready && (!byNumber || /^\d{9,12}$/.test(q)) && value === null,
    placeholderData: keepPreviousData,
  });

  const doctors = (users.data?.items ?? []).filter((u) => u.profession === DOCTOR).slice(0, SHOWN);
  const directoryDoctors = (national.data?.items ?? [])
    .filter((e) => e.profession.code === DOCTOR)
    .slice(0, SHOWN);

  const pick = (doctor: DoctorChoice) => {
    onChange(doctor);
    setText('');
  };

  return (
    <Fieldset legend={t.sectionDoctor} disabled={disabled}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t.doctorIntro}
        </Text>
        {value ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t.doctorChosen}
            </Text>
            <Stack component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              <PersonRow
                name={value.name}
                detail={value.detail}
                badge={<SourceBadge source={value.kind === 'user' ? 'registered' : 'national'} />}
                action={
                  <PickButton
                    variant="default"
                    label={t.doctorRemoveLabel(value.name)}
                    onClick={() => {
                      onChange(null);
                    }}
                  >
                    {t.doctorRemove}
                  </PickButton>
                }
              />
            </Stack>
            {error && (
              <Text size="sm" c="red.9" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        ) : (
          <>
            <Text size="sm">
              {t.sectionDoctor} : <strong>{t.doctorNone}</strong>
            </Text>
            <SearchBox
              label={t.doctorSearch}
              description={t.doctorSearchHint}
              value={text}
              onChange={setText}
              busy={settling || users.isFetching || national.isFetching}
              error={error}
              disabled={disabled}
            />
            {text.trim().length > 0 && !ready && (
              <Text size="sm" c="dimmed">
                {t.typeMore}
              </Text>
            )}
            {ready && byNumber && !/^\d{9,12}$/.test(q) && (
              <Text size="sm" c="dimmed">
                {t.numberIncomplete}
              </Text>
            )}
            {ready && (!byNumber || /^\d{9,12}$/.test(q)) && (
              <Stack gap="md" aria-live="polite">
                {!byNumber && (
                  <ResultGroup
                    title={t.groupRegistered}
                    pending={users.isFetching}
                    error={users.error}
                    onRetry={() => {
                      void users.refetch();
                    }}
                    retrying={users.isFetching}
                    empty={users.data && doctors.length === 0 ? t.noRegistered : null}
                  >
                    {doctors.map((u) => {
                      const choice = userDoctor(u);
                      return (
                        <PersonRow
                          key={u.id}
                          name={choice.name}
                          detail={choice.detail}
                          badge={<SourceBadge source="registered" />}
                          action={
                            <PickButton
                              label={t.doctorChooseLabel(choice.name)}
                              onClick={() => {
                                pick(choice);
                              }}
                            >
                              {t.doctorChoose}
                            </PickButton>
                          }
                        />
                      );
                    })}
                  </ResultGroup>
                )}
                <ResultGroup
                  title={t.groupNational}
                  pending={national.isFetching}
                  error={national.error}
                  onRetry={() => {
                    void national.refetch();
                  }}
                  retrying={national.isFetching}
                  empty={national.data && directoryDoctors.length === 0 ? t.noNational : null}
                >
                  {directoryDoctors.map((e) => {
                    const choice = nationalDoctor(e);
                    return (
                      <PersonRow
                        key={e.nationalId}
                        name={choice.name}
                        detail={choice.detail}
                        badge={
                          <>
                            <SourceBadge source="national" />
                            {e.mssante.length > 0 && (
                              <Badge variant="light" color="teal" size="sm" tt="none">
                                {t.mailbox}
                              </Badge>
                            )}
                            {!e.active && (
                              <Badge variant="light" color="red" size="sm" tt="none">
                                {t.inactive}
                              </Badge>
                            )}
                          </>
                        }
                        action={
                          <PickButton
                            label={t.doctorChooseLabel(choice.name)}
                            onClick={() => {
                              pick(choice);
                            }}
                            disabled={!e.active}
                          >
                            {t.doctorChoose}
                          </PickButton>
                        }
                      />
                    );
                  })}
                </ResultGroup>
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Fieldset>
  );
}
