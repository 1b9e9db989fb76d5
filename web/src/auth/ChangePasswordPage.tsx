import { Anchor, Button, Stack } from '@mantine/core';
import { Password } from '@relais/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { fr } from '../i18n/fr.ts';
import type { NoticeState } from '../pattern/CreatePatternPage.tsx';
import { AuthPage } from '../ui/AuthPage.tsx';
import { ErrorAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import {
  withoutFields,
  fieldsOf,
  unplacedErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { PasswordField } from '../ui/PasswordField.tsx';
import { changePassword, type Me } from './auth-api.ts';
import { destinationAfterLogin, homeFor, ME_KEY, useMe } from './session.ts';

/** Codes a server may use for a wrong current password: the message then goes under that field. */
const CODE_TO_FIELD = {
  wrong_password: 'current',
  invalid_credentials: 'current',
  invalid_password: 'current',
};
const SHOWN = ['current', 'next', 'confirm'];

export function ChangePasswordPage() {
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const forced = me?.mustChangePassword === true;

  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      if (!me) return;
      const updated: Me = { ...me, mustChangePassword: false };
      queryClient.setQueryData(ME_KEY, updated);
      if (forced) {
        void navigate(destinationAfterLogin(updated), { replace: true });
      } else {
        const state: NoticeState = { notice: fr.password.changed };
        void navigate(homeFor(updated.user.role), { replace: true, state });
      }
    },
    onError: (error) => {
      setErrors(fieldsOf(error, CODE_TO_FIELD));
      setAttempt((n) => n + 1);
    },
  });

  const others = unplacedErrors(errors, SHOWN);
  useFocusFirstError(formRef, errors, attempt);

  const set = (field: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => withoutFields(e, [field]));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!values.current) problems.current = fr.password.currentRequired;
    const next = Password.safeParse(values.next);
    if (!next.success) problems.next = next.error.issues[0]?.message ?? fr.errors.invalidForm;
    else if (values.confirm !== values.next) problems.confirm = fr.password.mismatch;
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    mutation.mutate({ current: values.current, next: values.next });
  };

  return (
    <AuthPage title={fr.password.title} intro={forced ? fr.password.forcedIntro : fr.password.intro}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordField
            label={fr.password.current}
            description={forced ? fr.password.currentTemporaryHint : undefined}
            autoComplete="current-password"
            value={values.current}
            onChange={set('current')}
            error={errors.current}
            required
          />
          <PasswordField
            label={fr.password.next}
            description={fr.password.nextHint}
            autoComplete="new-password"
            value={values.next}
            onChange={set('next')}
            error={errors.next}
            required
          />
          <PasswordField
            label={fr.password.confirm}
            autoComplete="new-password"
            value={values.confirm}
            onChange={set('confirm')}
            error={errors.confirm}
            required
          />
          {mutation.isError && Object.keys(fieldsOf(mutation.error, CODE_TO_FIELD)).length === 0 && (
            <ErrorAlert
              error={mutation.error}
              onRetry={() => {
                mutation.mutate(mutation.variables);
              }}
            />
          )}
          <OtherFieldErrors messages={others} />
          <Button type="submit" fullWidth loading={mutation.isPending}>
            {fr.password.submit}
          </Button>
          {!forced && me && (
            <Anchor component={Link} to={homeFor(me.user.role)} ta="center">
              {fr.common.cancel}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthPage>
  );
}
