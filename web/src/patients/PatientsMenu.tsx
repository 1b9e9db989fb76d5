import { NavLink, Paper, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { frPatients } from '../i18n/fr-patients.ts';

const t = frPatients.menu;

/** The professional's way in to the patients: on the home page. */
export function PatientsMenu() {
  return (
    <Paper withBorder p="md" component="nav" aria-labelledby="menu-patients">
      <Stack gap={4}>
        <Title order={2} size="h4" id="menu-patients" mb={4}>
          {t.title}
        </Title>
        <NavLink
          component={Link}
          to="/patients"
          label={t.list}
          description={t.listHint}
          rightSection={<span aria-hidden="true">›</span>}
          styles={{ label: { fontWeight: 600 } }}
        />
        <NavLink
          component={Link}
          to="/patients/nouveau"
          label={`+ ${t.create}`}
          rightSection={<span aria-hidden="true">›</span>}
          styles={{ label: { fontWeight: 600 } }}
        />
      </Stack>
    </Paper>
  );
}
