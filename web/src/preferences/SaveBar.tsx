import { Button, Group, Paper, Text } from '@mantine/core';
import { frPreferences } from '../i18n/fr-preferences.ts';

/** "Enregistrer" at the end of the form; once something changed, kept in reach of the thumb however long the page. */
export function SaveBar({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  return (
    <Paper
      withBorder
      shadow={dirty ? 'md' : undefined}
      p="sm"
      style={{ position: dirty ? 'sticky' : 'static', bottom: 'var(--mantine-spacing-xs)', zIndex: 2 }}
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
