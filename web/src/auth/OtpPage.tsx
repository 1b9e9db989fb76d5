import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { writeDevice } from '../device/device-store.ts';
import { fr } from '../i18n/fr.ts';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { fieldsOf } from '../ui/form-errors.ts';
import { verifyOtp } from './auth-api.ts';
import { destinationAfterLogin, useSessionActions } from './session.ts';

export interface OtpState {
  challengeId: string;
  phoneHint: string;
}

function isOtpState(value: unknown): value is OtpState {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OtpState).challengeId === 'string' &&
    typeof (value as OtpState).phoneHint === 'string'
  );
}

export function OtpPage() {
  const state: unknown = useLocation().state;
  if (!isOtpState(state)) return <Navigate to="/connexion" replace />;
  return <OtpForm challenge={state} />;
}

function OtpForm({ challenge }: { challenge: OtpState }) {
  const navigate = useNavigate();
  const session = useSessionActions();
  const inputRef = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: verifyOtp,
    onSuccess: (reply) => {
      // The device secret also comes back in this reply; the HttpOnly cookie carries it, so it is not kept here.
      writeDevice({ deviceId: reply.deviceId, firstName: reply.user.firstName, hasPattern: false });
      session.remember(reply);
      void navigate(destinationAfterLogin(reply), { replace: true });
    },
    onError: () => {
      setCode('');
      inputRef.current?.focus();
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setProblem(fr.otp.codeInvalid);
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    mutation.mutate({ challengeId: challenge.challengeId, code });
  };

  return (
    <AuthPage title={fr.otp.title} intro={fr.otp.intro(challenge.phoneHint)}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            ref={inputRef}
            label={fr.otp.code}
            description={fr.otp.codeHint}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6));
              setProblem(null);
            }}
            error={problem ?? fieldsOf(mutation.error).code}
            styles={{
              input: { letterSpacing: '0.4em', fontSize: 'var(--mantine-font-size-xl)', fontWeight: 600 },
            }}
            required
            autoFocus
          />
          {mutation.isError && !fieldsOf(mutation.error).code && (
            <ErrorAlert
              error={mutation.error}
              onRetry={() => {
                mutation.mutate(mutation.variables);
              }}
            />
          )}
          <Button type="submit" fullWidth loading={mutation.isPending}>
            {fr.otp.submit}
          </Button>
        </Stack>
      </form>
      <Text size="sm" c="dimmed">
        {fr.otp.noCode}
      </Text>
      <Anchor component={Link} to="/connexion" size="sm">
        {fr.otp.back}
      </Anchor>
    </AuthPage>
  );
}
