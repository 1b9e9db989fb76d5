import { Anchor, Container, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { frPatients } from '../i18n/fr-patients.ts';
import { InfoAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { PatientLoadError } from './PatientLoadError.tsx';
import { toUpdateInput, valuesOf, type PatientFormValues } from './patient-form.ts';
import { PatientForm } from './PatientForm.tsx';
import { fetchPatient, PATIENTS_KEY, patientKey, updatePatient, type PatientFile } from './patients-api.ts';

const t = frPatients.form;

/** Care team members edit the file; the médecin traitant only reads it (the server refuses anyway). */
export function EditPatientPage() {
  usePageTitle(t.editTitle);
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: patientKey(id), queryFn: ({ signal }) => fetchPatient(id, signal) });
  const fileUrl = `/patients/${id}`;

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to={fileUrl} size="sm">
          ← {query.data ? `${query.data.firstName} ${query.data.lastName}` : frPatients.file.back}
        </Anchor>
        <Title order={1} size="h2">
          {t.editTitle}
        </Title>
        {query.isPending && <PageLoader />}
        {query.isError && <PatientLoadError query={query} />}
        {query.data?.myAccess === 'treating_doctor' && <InfoAlert>{frPatients.file.readOnly}</InfoAlert>}
        {query.data?.myAccess === 'care_team' && <EditForm key={query.dataUpdatedAt} file={query.data} />}
      </Stack>
    </Container>
  );
}

function EditForm({ file }: { file: PatientFile }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: PatientFormValues) => updatePatient(file.id, toUpdateInput(file, values)),
    onSuccess: async (saved) => {
      queryClient.setQueryData(patientKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: [...PATIENTS_KEY, 'list'] });
      await navigate(`/patients/${saved.id}`, { replace: true, state: { notice: frPatients.file.saved } });
    },
  });
  return (
    <PatientForm
      initial={valuesOf(file)}
      mutation={mutation}
      submitLabel={t.save}
      cancelTo={`/patients/${file.id}`}
      precheck={(values) => (Object.keys(toUpdateInput(file, values)).length === 0 ? t.noChange : null)}
    />
  );
}
