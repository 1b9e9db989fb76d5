import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from './usePageTitle.ts';

interface AuthPageProps {
  title: string;
  /** A larger greeting shown instead of the title (e.g. "Bonjour Marie"); the title still names the page. */
  heading?: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: 'xs' | 'sm';
}

/** The frame of the signed-out screens: one narrow column, thumb-friendly on a phone. */
export function AuthPage({ title, heading, intro, children, footer, width = 'xs' }: AuthPageProps) {
  usePageTitle(title);
  return (
    <Container size={width} px={0} py={{ base: 'xs', sm: 'xl' }}>
      <Stack gap="md">
        <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {heading ?? title}
              </Title>
              {typeof intro === 'string' ? <Text c="dimmed">{intro}</Text> : intro}
            </Stack>
            {children}
          </Stack>
        </Paper>
        {footer}
      </Stack>
    </Container>
  );
}
