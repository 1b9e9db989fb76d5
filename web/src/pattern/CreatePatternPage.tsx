import { Alert, Anchor, Badge, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { setPattern } from '../auth/auth-api.ts';
import { homeFor, useMe } from '../auth/session.ts';
import { readDevice, updateDevice } from '../device/device-store.ts';
import { fr } from '../i18n/fr.ts';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PatternPad } from './PatternPad.tsx';

export interface NoticeState {
  notice?: string;
}

function samePattern(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dot, i) => dot === b[i]);
}

/** Créer mon schéma: draw it, draw it again, and the server binds it to this device. */
export function CreatePatternPage() {
  const navigate = useNavigate();
  const me = useMe();
  const deviceId = readDevice()?.deviceId;
  const [first, setFirst] = useState<number[] | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [padKey, setPadKey] = useState(0);

  const mutation = useMutation({
    mutationFn: setPattern,
    onSuccess: () => {
      updateDevice({ hasPattern: true });
      const state: NoticeState = { notice: fr.createPattern.saved };
      void navigate(homeFor(me.data?.user.role ?? 'professional'), { replace: true, state });
    },
  });

  const restart = () => {
    setFirst(null);
    setPadKey((k) => k + 1);
    mutation.reset();
  };

  const onPattern = (pattern: number[]) => {
    if (!first) {
      setFirst(pattern);
      setMismatch(false);
      setPadKey((k) => k + 1);
      return;
    }
    if (!samePattern(first, pattern)) {
      setMismatch(true);
      restart();
      return;
    }
    if (deviceId) mutation.mutate({ deviceId, pattern });
  };

  if (!deviceId) {
    return (
      <AuthPage title={fr.createPattern.title}>
        <Alert color="orange" variant="light" role="alert">
          <Text size="sm">{fr.createPattern.noDevice}</Text>
        </Alert>
        <Anchor component={Link} to="/connexion">
          {fr.registration.backToLogin}
        </Anchor>
      </AuthPage>
    );
  }

  const step = first ? 2 : 1;
  return (
    <AuthPage
      title={fr.createPattern.title}
      intro={
        <Stack gap={6} align="flex-start">
          <Badge variant="light" size="lg">
            {fr.createPattern.step(step)}
          </Badge>
          <Text c="dimmed">{step === 1 ? fr.createPattern.intro : fr.createPattern.confirm}</Text>
        </Stack>
      }
    >
      <PatternPad
        key={padKey}
        onSubmit={onPattern}
        loading={mutation.isPending}
        error={mismatch && step === 1 ? fr.createPattern.mismatch : null}
      />
      <ErrorAlert
        error={mutation.error}
        onRetry={() => {
          if (mutation.variables) mutation.mutate(mutation.variables);
        }}
      />
      {step === 2 && (
        <Button variant="subtle" onClick={restart} disabled={mutation.isPending}>
          {fr.createPattern.restart}
        </Button>
      )}
    </AuthPage>
  );
}
