import { Center, Loader } from '@mantine/core';
import { fr } from '../i18n/fr.ts';

export function PageLoader() {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-label={fr.app.loading} />
    </Center>
  );
}
