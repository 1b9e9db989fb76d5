import { Anchor, Container, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { usePageTitle } from './usePageTitle.ts';

export function NotFoundPage() {
  usePageTitle(fr.app.notFoundTitle);
  return (
    <Container size="xs" px={0}>
      <Stack gap="sm">
        <Title order={1} size="h2">
          {fr.app.notFoundTitle}
        </Title>
        <Text>{fr.app.notFoundText}</Text>
        <Anchor component={Link} to="/">
          {fr.app.backHome}
        </Anchor>
      </Stack>
    </Container>
  );
}
