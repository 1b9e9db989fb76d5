import { Anchor, Container, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { frPatients } from '../i18n/fr-patients.ts';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { EMPTY_PATIENT, toCreateInput, type PatientFormValues } from './patient-form.ts';
import { PatientForm } from './PatientForm.tsx';
import { createPatient, PATIENTS_KEY, patientKey } from './patients-api.ts';

const t = frPatients.form;

export function NewPatientPage() {
  usePageTitle(t.newTitle);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: PatientFormValues) => createPatient(toCreateInput(values)),
    onSuccess: async (file) => {
      queryClient.setQueryData(patientKey(file.id), file);
      await queryClient.invalidateQueries({ queryKey: [...PATIENTS_KEY, 'list'] });
      // Replaces the form in the history: "back" from the new file leads to the list, not to an empty form.
      await navigate(`/patients/${file.id}`, { replace: true, state: { notice: frPatients.file.created } });
    },
  });

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/patients" size="sm">
          ← {frPatients.file.back}
        </Anchor>
        <Title order={1} size="h2">
          {t.newTitle}
        </Title>
        <PatientForm
          initial={EMPTY_PATIENT}
          mutation={mutation}
          submitLabel={t.create}
          cancelTo="/patients"
        />
      </Stack>
    </Container>
  );
}
