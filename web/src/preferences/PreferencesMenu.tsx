import { NavLink, Paper, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { frPreferences } from '../i18n/fr-preferences.ts';

const t = frPreferences.menu;

/** "Profil activité" (the FAQ's menu): Pref. PeC and Pref. Notifs, on the home page. */
export function PreferencesMenu() {
  return (
    <Paper withBorder p="md" component="nav" aria-labelledby="menu-activity">
      <Stack gap={4}>
        <Title order={2} size="h4" id="menu-activity" mb={4}>
          {t.title}
        </Title>
        <NavLink
          component={Link}
          to="/preferences/pec"
          label={t.activity}
          description={t.activityHint}
          rightSection={<span aria-hidden="true">›</span>}
          styles={{ label: { fontWeight: 600 } }}
        />
        <NavLink
          component={Link}
          to="/preferences/notifications"
          label={t.schedule}
          description={t.scheduleHint}
          rightSection={<span aria-hidden="true">›</span>}
          styles={{ label: { fontWeight: 600 } }}
        />
      </Stack>
    </Paper>
  );
}
