import { Button, Card, Loader, Stack, Text, TextInput } from '@mantine/core';
import { PscSignupRequest, type PscSignupView } from '@relais/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useSessionActions } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { frPsc } from '../i18n/fr-psc.ts';
import { professionLabel } from '../professional/professional-form.ts';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert, InfoAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import {
  fieldsOf,
  issuesToFields,
  unplacedErrors,
  useFocusFirstError,
  withoutFields,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { completePscSignup, fetchPscSignup, PSC_START_URL } from './psc-api.ts';

const t = frPsc.signup;
const SHOWN = [
  'email',
  'mobilePhone',
  'officeAddress.line',
  'officeAddress.postalCode',
  'officeAddress.city',
];

/** Shown after PSC authenticated a professional without an account: phone and e-mail complete it (D2). */
export function PscSignupPage() {
  const signup = useQuery({ queryKey: ['psc-signup'], queryFn: ({ signal }) => fetchPscSignup(signal) });

  if (signup.isPending)
    return (
      <AuthPage title={t.title}>
        <Stack align="center" gap="xs" py="lg">
          <Loader />
          <Text c="dimmed">{t.loading}</Text>
        </Stack>
      </AuthPage>
    );
  if (signup.isError) {
    const expired = isApiError(signup.error, 410);
    return (
      <AuthPage title={t.title}>
        {expired ? (
          <InfoAlert>{signup.error.message}</InfoAlert>
        ) : (
          <ErrorAlert error={signup.error} kind="read" onRetry={() => void signup.refetch()} />
        )}
        <Button component="a" href={PSC_START_URL} fullWidth size="md" color="#000091">
          {t.restart}
        </Button>
      </AuthPage>
    );
  }
  return <SignupForm profile={signup.data} />;
}

function SignupForm({ profile }: { profile: PscSignupView }) {
  const navigate = useNavigate();
  const session = useSessionActions();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [mobilePhone, setMobilePhone] = useState('');
  const [office, setOffice] = useState({ line: '', postalCode: '', city: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const needsOffice = profile.officeAddress === null;

  const mutation = useMutation({
    mutationFn: completePscSignup,
    onSuccess: (reply) => {
      session.remember(reply);
      // Next: where and when they take patients (Pref. PeC).
      void navigate('/preferences/pec', { replace: true });
    },
    onError: (error) => {
      setErrors(fieldsOf(error, { email_taken: 'email' }));
      setAttempt((n) => n + 1);
    },
  });
  useFocusFirstError(formRef, errors, attempt);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = PscSignupRequest.safeParse({
      email,
      mobilePhone,
      ...(needsOffice ? { officeAddress: office } : {}),
    });
    if (!parsed.success) {
      setErrors(issuesToFields(parsed.error));
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data);
  };
  const clear = (field: string) => {
    setErrors((e) => withoutFields(e, [field]));
  };
  const others = unplacedErrors(errors, SHOWN);
  const id = profile.identifierType === 'rpps' ? t.rpps(profile.identifier) : t.adeli(profile.identifier);

  return (
    <AuthPage title={t.title} intro={t.intro}>
      <Card withBorder radius="md" padding="sm" bg="gray.0">
        <Text size="sm" c="dimmed">
          {t.identity}
        </Text>
        <Text fw={700} size="lg">
          {profile.firstName} {profile.lastName}
        </Text>
        <Text>
          {professionLabel(profile.profession)} · {id}
        </Text>
        {profile.officeAddress && (
          <Text size="sm">
            {t.office} : {profile.officeAddress.line}, {profile.officeAddress.postalCode}{' '}
            {profile.officeAddress.city}
          </Text>
        )}
      </Card>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t.mobilePhone}
            description={t.mobilePhoneHint}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={mobilePhone}
            onChange={(e) => {
              setMobilePhone(e.currentTarget.value);
              clear('mobilePhone');
            }}
            error={errors.mobilePhone}
            required
          />
          <TextInput
            label={t.email}
            description={t.emailHint}
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              clear('email');
            }}
            error={errors.email}
            required
          />
          {needsOffice &&
            (['line', 'postalCode', 'city'] as const).map((key) => (
              <TextInput
                key={key}
                label={key === 'line' ? t.officeLine : key === 'postalCode' ? t.postalCode : t.city}
                inputMode={key === 'postalCode' ? 'numeric' : undefined}
                value={office[key]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setOffice((o) => ({ ...o, [key]: value }));
                  clear(`officeAddress.${key}`);
                }}
                error={errors[`officeAddress.${key}`]}
                required
              />
            ))}
          <OtherFieldErrors messages={others} />
          {mutation.isError &&
            Object.keys(fieldsOf(mutation.error, { email_taken: 'email' })).length === 0 && (
              <ErrorAlert
                error={mutation.error}
                onRetry={() => {
                  mutation.mutate(mutation.variables);
                }}
              />
            )}
          {Object.keys(errors).length > 0 && (
            <Text size="sm" c="red.9" role="alert">
              {fr.errors.invalidForm}
            </Text>
          )}
          <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
            {t.submit}
          </Button>
        </Stack>
      </form>
    </AuthPage>
  );
}
