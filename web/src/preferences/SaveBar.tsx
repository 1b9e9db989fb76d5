import { Button, Group, Paper, Text } from '@mantine/core';
import { frPreferences } from '../i18n/fr-preferences.ts';

/** "Enregistrer", kept in reach of the thumb at the bottom of the screen however long the page. */
export function SaveBar({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  return (
    <Paper
      withBorder
      shadow="md"
      p="sm"
      style={{ position: 'sticky', bottom: 'var(--mantine-spacing-xs)', zIndex: 2 }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" c={dirty ? undefined : 'dimmed'} aria-live="polite">
          {dirty ? frPreferences.unsaved : ''}
        </Text>
        <Button type="submit" loading={saving} style={{ flexShrink: 0 }}>
          {frPreferences.save}
        </Button>
      </Group>
    </Paper>
  );
}
