import { Anchor, Badge, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { AssessmentsMenu } from '../assessments/AssessmentsMenu.tsx';
import type { Me } from '../auth/auth-api.ts';
import { useMe } from '../auth/session.ts';
import { RequestsDashboard } from '../care-requests/RequestsDashboard.tsx';
import { formatPhone, fr } from '../i18n/fr.ts';
import { MessagingMenu } from '../messaging/MessagingMenu.tsx';
import { PatientsMenu } from '../patients/PatientsMenu.tsx';
import { PreferencesMenu } from '../preferences/PreferencesMenu.tsx';
import { professionLabel } from '../professional/professional-form.ts';
import { RouteNotice } from '../ui/Notice.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';

const t = fr.home;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

function Profile({ user }: { user: Me['user'] }) {
  const profession = professionLabel(user.profession);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profile-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="profile-title">
          {t.profile}
        </Title>
        <div>
          <Text fw={600} size="lg">
            {user.firstName} {user.lastName}
          </Text>
          <Group gap="xs" mt={4}>
            {profession && <Badge variant="light">{profession}</Badge>}
            {user.identifierType && user.identifier && (
              <Text size="sm" c="dimmed">
                {t.identifier(user.identifierType.toUpperCase(), user.identifier)}
              </Text>
            )}
          </Group>
        </div>
        <Stack gap="xs" component="dl" m={0}>
          {user.specialty && <Row label={t.specialty}>{user.specialty}</Row>}
          {user.officeAddress && (
            <Row label={t.office}>
              {user.officeAddress.line}, {user.officeAddress.postalCode} {user.officeAddress.city}
            </Row>
          )}
          {user.mobilePhone && <Row label={t.phone}>{formatPhone(user.mobilePhone)}</Row>}
          <Row label={t.email}>{user.email}</Row>
          {user.network && <Row label={t.network}>{user.network}</Row>}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** The professional's home. The dashboard (requests, messages, alerts) comes with later issues. */
export function HomePage() {
  usePageTitle(t.title);
  const me = useMe().data;
  if (!me) return null;
  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t.hello(me.user.firstName)}
        </Title>
        <RouteNotice />
        <RequestsDashboard />
        <AssessmentsMenu />
        <MessagingMenu />
        <PatientsMenu />
        <PreferencesMenu />
        <Profile user={me.user} />
        <Anchor component={Link} to="/mot-de-passe" fw={600}>
          {t.changePassword}
        </Anchor>
      </Stack>
    </Container>
  );
}
