import { Anchor, Badge, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { EndOfCare } from '../assessments/EndOfCare.tsx';
import { PatientAssessments } from '../assessments/PatientAssessments.tsx';
import { useMySeriesEnded } from '../assessments/useMySeriesEnded.ts';
import { useMe } from '../auth/session.ts';
import { formatInstant, formatPhone } from '../i18n/fr.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { InfoList } from '../support/InfoList.tsx';
import { InfoAlert } from '../ui/ErrorAlert.tsx';
import { RouteNotice } from '../ui/Notice.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { SourceBadge } from './DirectorySearch.tsx';
import { ageOf, frenchDate, personName, professionalDetail, titleCase } from './patient-form.ts';
import { PatientLoadError } from './PatientLoadError.tsx';
import { fetchPatient, patientKey, type PatientFile } from './patients-api.ts';

const t = frPatients.file;

export interface PatientFilePageProps {
  /**
   * SLOT for the care-request screens: "Demande de prise en charge" and the list of this patient's requests.
   * App.tsx passes it; this page only decides where it goes (after identity and contact, before the team).
   * `patient.myAccess` says whether the viewer is in the care team or the médecin traitant (read-only).
   */
  careRequests?: (patient: PatientFile) => ReactNode;
}

/** The patient file (D15, D16): identity, contact, care requests (slot), médecin traitant, care team. */
export function PatientFilePage({ careRequests }: PatientFilePageProps) {
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: patientKey(id), queryFn: ({ signal }) => fetchPatient(id, signal) });
  const file = query.data;
  // D18: once my series of care ended, the file is read-only for me ("Mes archives").
  const ended = useMySeriesEnded(id);
  const writable = file?.myAccess === 'care_team' && ended === false;
  usePageTitle(file ? personName(file) : query.isError ? t.notFound : frPatients.list.title);

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/patients" size="sm">
          ← {t.back}
        </Anchor>
        {query.isPending && <PageLoader />}
        {query.isError && <PatientLoadError query={query} order={1} />}
        {file && (
          <>
            <Header file={file} writable={writable} />
            <RouteNotice />
            {file.myAccess === 'treating_doctor' && <InfoAlert>{t.readOnly}</InfoAlert>}
            {ended === true && <InfoAlert>{frAssessments.end.readOnly}</InfoAlert>}
            <Contact file={file} />
            {ended !== true && careRequests?.(file)}
            <PatientAssessments patient={file} writable={writable} />
            <Doctor file={file} />
            <Team file={file} />
            {writable && <EndOfCare file={file} />}
            <Text size="xs" c="dimmed">
              {t.updated(formatInstant(file.updatedAt))}
            </Text>
          </>
        )}
      </Stack>
    </Container>
  );
}

function Header({ file, writable }: { file: PatientFile; writable: boolean }) {
  const age = ageOf(file.birthDate);
  return (
    <Group justify="space-between" align="flex-start" gap="sm">
      <div style={{ minWidth: 0 }}>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {personName(file)}
        </Title>
        <Text c="dimmed">
          {[frPatients.born(file.sex, frenchDate(file.birthDate)), age === null ? null : frPatients.age(age)]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </div>
      {writable && (
        <Button component={Link} to={`/patients/${file.id}/modifier`} variant="default" size="sm">
          {t.edit}
        </Button>
      )}
    </Group>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Contact({ file }: { file: PatientFile }) {
  return (
    <Section id="patient-contact" title={t.sectionContact}>
      <InfoList
        items={[
          {
            label: t.address,
            value: (
              <>
                {file.address.line}
                <br />
                {file.address.postalCode} {file.address.city}
              </>
            ),
          },
          {
            label: t.phone,
            value: file.phone ? (
              <Anchor href={`tel:${file.phone}`} fw={600} aria-label={t.call(formatPhone(file.phone))}>
                {formatPhone(file.phone)}
              </Anchor>
            ) : (
              t.noPhone
            ),
          },
          { label: t.sex, value: frPatients.sex[file.sex] },
          { label: t.birthDate, value: frenchDate(file.birthDate) },
        ]}
      />
    </Section>
  );
}

function Doctor({ file }: { file: PatientFile }) {
  const doctor = file.treatingDoctor;
  return (
    <Section id="patient-doctor" title={t.sectionDoctor}>
      {doctor === null ? (
        <Text>{t.noDoctor}</Text>
      ) : doctor.kind === 'user' ? (
        <div>
          <Group gap={6}>
            <Text fw={600}>{personName(doctor.user)}</Text>
            <SourceBadge source="registered" />
          </Group>
          <Text size="sm" c="dimmed">
            {professionalDetail(doctor.user.profession, doctor.user.city)}
          </Text>
        </div>
      ) : (
        <div>
          <Group gap={6}>
            <Text fw={600}>{titleCase(doctor.name)}</Text>
            <SourceBadge source="national" />
          </Group>
          {doctor.city && (
            <Text size="sm" c="dimmed">
              {doctor.city}
            </Text>
          )}
          <Text size="sm" mt={4}>
            {doctor.hasSecureMailbox ? t.doctorMailbox : t.doctorNoMailbox}
          </Text>
        </div>
      )}
    </Section>
  );
}

function Team({ file }: { file: PatientFile }) {
  const myId = useMe().data?.user.id;
  return (
    <Section id="patient-team" title={t.sectionTeam}>
      {file.careTeam.length === 0 ? (
        <Text size="sm">{t.teamEmpty}</Text>
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {file.careTeam.map((member) => (
            <li key={member.id}>
              <Group justify="space-between" align="flex-start" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>
                    {personName(member)} {member.id === myId ? t.me : ''}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {professionalDetail(member.profession, member.city)}
                  </Text>
                </div>
                <Group gap={4}>
                  {member.reasons.map((reason) => (
                    <Badge key={reason} variant="light" color="gray" size="sm" tt="none">
                      {t.reasons[reason]}
                    </Badge>
                  ))}
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Section>
  );
}
