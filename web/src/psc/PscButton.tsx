import { Button, Divider, Stack, Text } from '@mantine/core';
import { frPsc } from '../i18n/fr-psc.ts';
import { PSC_START_URL } from './psc-api.ts';

/** "Se connecter avec e-CPS": leaves the app for Pro Santé Connect (D2), then comes back logged in. */
export function PscButton({ hint }: { hint?: string }) {
  return (
    <Stack gap={6}>
      <Button
        component="a"
        href={PSC_START_URL}
        fullWidth
        size="md"
        color="#000091"
        styles={{ root: { minHeight: 52 } }}
      >
        {frPsc.button}
      </Button>
      <Text size="sm" c="dimmed" ta="center">
        {hint ?? frPsc.buttonHint}
      </Text>
      <Divider label={frPsc.or} labelPosition="center" />
    </Stack>
  );
}
