import { Anchor, Center } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { forgetPattern, readDevice } from '../device/device-store.ts';
import { fr } from '../i18n/fr.ts';
import { PatternPad } from '../pattern/PatternPad.tsx';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { patternLogin } from './auth-api.ts';
import type { LoginState } from './LoginPage.tsx';
import { destinationAfterLogin, useSessionActions } from './session.ts';

/** The start screen of a device with a schéma: "Bonjour <prénom>", draw, and in. */
export function PatternLoginPage() {
  const device = readDevice();
  if (!device?.hasPattern) return <Navigate to="/connexion" replace />;
  return <PatternLogin deviceId={device.deviceId} firstName={device.firstName} />;
}

function PatternLogin({ deviceId, firstName }: { deviceId: string; firstName: string }) {
  const navigate = useNavigate();
  const session = useSessionActions();
  const [padKey, setPadKey] = useState(0);

  const mutation = useMutation({
    mutationFn: patternLogin,
    onSuccess: (reply) => {
      session.remember(reply);
      void navigate(destinationAfterLogin(reply), { replace: true });
    },
    onError: (error) => {
      // Revoked schéma (410), or a device the server no longer knows (its cookie is gone): credentials again.
      if (isApiError(error, 410) || isApiError(error, 401, 'invalid_credentials')) {
        forgetPattern();
        // The server says why (five wrong tries, password reset by support, unknown device).
        const state: LoginState = { notice: error.message || fr.patternLogin.revoked };
        void navigate('/connexion', { replace: true, state });
        return;
      }
      setPadKey((k) => k + 1);
    },
  });

  const wrongPattern = isApiError(mutation.error, 401, 'wrong_pattern') ? mutation.error : null;

  return (
    <AuthPage
      title={fr.patternLogin.title}
      heading={fr.patternLogin.hello(firstName)}
      intro={fr.patternLogin.intro}
      footer={
        <Center>
          <Anchor component={Link} to="/connexion" onClick={forgetPattern} fw={600} py="xs">
            {fr.patternLogin.forgot}
          </Anchor>
        </Center>
      }
    >
      <PatternPad
        key={padKey}
        onSubmit={(pattern) => {
          mutation.mutate({ deviceId, pattern });
        }}
        loading={mutation.isPending}
        error={wrongPattern ? fr.patternLogin.wrong(wrongPattern.remaining) : null}
      />
      {mutation.isError && !wrongPattern && (
        <ErrorAlert
          error={mutation.error}
          onRetry={() => {
            mutation.mutate(mutation.variables);
          }}
        />
      )}
    </AuthPage>
  );
}
