import { Alert, Text } from '@mantine/core';
import { pscErrorMessage } from '@relais/contracts';
import { useSearchParams } from 'react-router';

/** A refused e-CPS login comes back as `/connexion?psc_error=<code>`: say why, in French. */
export function PscErrorAlert() {
  const [params] = useSearchParams();
  const message = pscErrorMessage(params.get('psc_error'));
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}
