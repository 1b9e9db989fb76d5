import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { hasPatternLogin, readDevice } from '../device/device-store.ts';
import { fr } from '../i18n/fr.ts';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert, InfoAlert } from '../ui/ErrorAlert.tsx';
import { fieldsOf, useFocusFirstError, type FieldErrors } from '../ui/form-errors.ts';
import { PasswordField } from '../ui/PasswordField.tsx';
import { PscButton } from '../psc/PscButton.tsx';
import { PscErrorAlert } from '../psc/PscErrorAlert.tsx';
import { isSession, login } from './auth-api.ts';
import type { OtpState } from './OtpPage.tsx';
import { destinationAfterLogin, useSessionActions } from './session.ts';

export interface LoginState {
  /** A message carried from the previous screen (e.g. the schéma was revoked). */
  notice?: string;
}

export function LoginPage() {
  const navigate = useNavigate();
  const notice = (useLocation().state as LoginState | null)?.notice;
  const session = useSessionActions();
  const formRef = useRef<HTMLFormElement>(null);
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (reply) => {
      if (isSession(reply)) {
        session.remember(reply);
        void navigate(destinationAfterLogin(reply), { replace: true });
      } else {
        const state: OtpState = { challengeId: reply.challengeId, phoneHint: reply.phoneHint };
        void navigate('/connexion/code', { state });
      }
    },
    onError: () => {
      setAttempt((n) => n + 1);
    },
  });

  const errors: FieldErrors = { ...fieldsOf(mutation.error), ...missing };
  useFocusFirstError(formRef, errors, attempt);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!identifier.trim()) problems.identifier = fr.login.identifierRequired;
    if (!password) problems.password = fr.login.passwordRequired;
    setMissing(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    const deviceId = readDevice()?.deviceId;
    mutation.mutate({ identifier: identifier.trim(), password, ...(deviceId ? { deviceId } : {}) });
  };

  const hasFieldErrors = Object.keys(fieldsOf(mutation.error)).length > 0;
  // A wrong password of a known account: say how many tries are left before support must unblock it (D4).
  const remaining = isApiError(mutation.error, 401, 'invalid_credentials') ? mutation.error.remaining : null;

  return (
    <AuthPage
      title={fr.login.title}
      intro={fr.login.intro}
      footer={
        <Text ta="center">
          {fr.login.noAccount}{' '}
          <Anchor component={Link} to="/inscription" fw={600}>
            {fr.login.register}
          </Anchor>
        </Text>
      }
    >
      {notice && <InfoAlert>{notice}</InfoAlert>}
      <PscErrorAlert />
      <PscButton />
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={fr.login.identifier}
            description={fr.login.identifierHint}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={identifier}
            onChange={(e) => {
              setIdentifier(e.currentTarget.value);
            }}
            error={errors.identifier}
            required
          />
          <PasswordField
            label={fr.login.password}
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
            }}
            error={errors.password}
            required
          />
          {mutation.isError && !hasFieldErrors && (
            <ErrorAlert
              error={mutation.error}
              hint={remaining !== null && remaining > 0 ? fr.login.remaining(remaining) : null}
              onRetry={() => {
                mutation.mutate(mutation.variables);
              }}
            />
          )}
          <Button type="submit" fullWidth loading={mutation.isPending}>
            {fr.login.submit}
          </Button>
        </Stack>
      </form>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {fr.login.forgotPassword}
        </Text>
        <Text size="sm" c="dimmed">
          {fr.login.forgotPasswordHelp}
        </Text>
      </Stack>
      {hasPatternLogin() && (
        <Anchor component={Link} to="/connexion/schema" size="sm">
          {fr.patternLogin.title}
        </Anchor>
      )}
    </AuthPage>
  );
}
