import { Badge, Container, Stack, Tabs, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { frNotifications } from '../i18n/fr-notifications.ts';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { FailedDeliveriesTab } from './FailedDeliveriesTab.tsx';
import { NewProfessionalTab } from './NewProfessionalTab.tsx';
import { RegistrationsTab } from './RegistrationsTab.tsx';
import { usePendingRegistrations } from './usePendingRegistrations.ts';

const t = fr.support;
const TABS = ['inscriptions', 'comptes', 'nouveau', 'envois'] as const;
type Tab = (typeof TABS)[number];

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab === value);
}

/** The support console; the open tab lives in the URL (`?onglet=comptes`) so it survives a reload. */
export function SupportPage() {
  usePageTitle(t.title);
  const [params, setParams] = useSearchParams();
  const requested = params.get('onglet');
  const tab: Tab = isTab(requested) ? requested : 'inscriptions';
  const pending = usePendingRegistrations();

  return (
    <Container size="md" px={0}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t.title}
        </Title>
        <Tabs
          value={tab}
          onChange={(value) => {
            if (isTab(value)) setParams({ onglet: value }, { replace: true });
          }}
          keepMounted={false}
        >
          <Tabs.List aria-label={t.tabs} mb="md">
            <Tabs.Tab
              value="inscriptions"
              rightSection={
                pending.data && pending.data.length > 0 ? (
                  <Badge size="sm" variant="filled" circle aria-hidden="true">
                    {pending.data.length}
                  </Badge>
                ) : null
              }
            >
              {t.tabRegistrations}
            </Tabs.Tab>
            <Tabs.Tab value="comptes">{t.tabAccounts}</Tabs.Tab>
            <Tabs.Tab value="nouveau">{t.tabNewProfessional}</Tabs.Tab>
            <Tabs.Tab value="envois">{frNotifications.failed.tab}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="inscriptions">
            <RegistrationsTab />
          </Tabs.Panel>
          <Tabs.Panel value="comptes">
            <AccountsTab />
          </Tabs.Panel>
          <Tabs.Panel value="nouveau">
            <NewProfessionalTab />
          </Tabs.Panel>
          <Tabs.Panel value="envois">
            <FailedDeliveriesTab />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Container>
  );
}
