import { Anchor, Button, Container, Fieldset, Paper, Stack, Text, Title } from '@mantine/core';
import { RegistrationFields } from '@relais/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { fr } from '../i18n/fr.ts';
import {
  EMPTY_PROFESSIONAL,
  errorPathsOf,
  professionalProblems,
  PROFESSIONAL_FIELD_PATHS,
  toProfessionalInput,
  type ProfessionalFormValues,
} from '../professional/professional-form.ts';
import { ProfessionalFieldsInputs } from '../professional/ProfessionalFieldsInputs.tsx';
import { ErrorAlert, OtherFieldErrors, SuccessAlert } from '../ui/ErrorAlert.tsx';
import {
  fieldsOf,
  unplacedErrors,
  useFocusFirstError,
  withoutFields,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { PasswordField } from '../ui/PasswordField.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { ProofInput, proofProblem } from './ProofInput.tsx';
import { frPsc } from '../i18n/fr-psc.ts';
import { PscButton } from '../psc/PscButton.tsx';
import { register } from './registration-api.ts';

const t = fr.registration;
const CODE_TO_FIELD = {
  identifier_taken: 'identifier',
  email_taken: 'email',
  file_too_large: 'proof',
  unsupported_file_type: 'proof',
};
const SHOWN: readonly string[] = [...PROFESSIONAL_FIELD_PATHS, 'officeAddress', 'password', 'proof'];

export function RegistrationPage() {
  usePageTitle(t.title);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ProfessionalFormValues>(EMPTY_PROFESSIONAL);
  const [password, setPassword] = useState('');
  const [proof, setProof] = useState<File | null>(null);
  /** Per-field messages, from the client check or from the server; editing a field clears its own. */
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);

  const mutation = useMutation({
    mutationFn: () => {
      if (!proof) throw new Error('proof checked before submit');
      return register(values, password, proof);
    },
    onSuccess: () => {
      window.scrollTo({ top: 0 });
    },
    onError: (error) => {
      setErrors(fieldsOf(error, CODE_TO_FIELD));
      setAttempt((n) => n + 1);
    },
  });

  useFocusFirstError(formRef, errors, attempt);

  const change = (fields: string[]) => {
    setErrors((current) => withoutFields(current, fields));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = RegistrationFields.safeParse({ ...toProfessionalInput(values), password });
    const problems = professionalProblems(values, parsed.success ? undefined : parsed.error);
    const file = proofProblem(proof);
    if (file) problems.proof = file;
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    mutation.mutate();
  };

  if (mutation.isSuccess) {
    return (
      <Container size="xs" px={0} py={{ base: 'xs', sm: 'xl' }}>
        <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="md">
            <Title order={1} size="h2">
              {t.doneTitle}
            </Title>
            <SuccessAlert>{t.done}</SuccessAlert>
            <Button component={Link} to="/connexion" variant="light">
              {t.backToLogin}
            </Button>
          </Stack>
        </Paper>
      </Container>
    );
  }

  const others = unplacedErrors(errors, SHOWN);
  const placed = Object.keys(errors).length - others.length;

  return (
    <Container size="sm" px={0} py={{ base: 'xs', sm: 'xl' }}>
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="lg">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {t.title}
              </Title>
              <Text c="dimmed">{t.intro}</Text>
              <Text size="sm" c="dimmed">
                {t.allRequired}
              </Text>
            </Stack>
            <PscButton hint={frPsc.registerIntro} />
            <ProfessionalFieldsInputs
              values={values}
              onChange={(change_) => {
                setValues((v) => ({ ...v, ...change_ }));
                change(errorPathsOf(change_));
              }}
              errors={errors}
              disabled={mutation.isPending}
            />
            <Fieldset legend={t.sectionAccount} disabled={mutation.isPending}>
              <PasswordField
                label={t.password}
                description={t.passwordHint}
                autoComplete="new-password"
                value={password}
                onChange={(event) => {
                  setPassword(event.currentTarget.value);
                  change(['password']);
                }}
                error={errors.password}
                required
              />
            </Fieldset>
            <ProofInput
              file={proof}
              onChange={(file) => {
                setProof(file);
                change(['proof']);
                if (file) {
                  const problem = proofProblem(file);
                  if (problem) setErrors((e) => ({ ...e, proof: problem }));
                }
              }}
              error={errors.proof}
              disabled={mutation.isPending}
            />
            {placed > 0 && (
              <Text size="sm" c="red.9" role="alert">
                {fr.errors.invalidForm}
              </Text>
            )}
            <OtherFieldErrors messages={others} />
            {mutation.isError && Object.keys(fieldsOf(mutation.error, CODE_TO_FIELD)).length === 0 && (
              <ErrorAlert
                error={mutation.error}
                onRetry={() => {
                  mutation.mutate();
                }}
              />
            )}
            <Button type="submit" fullWidth loading={mutation.isPending}>
              {t.submit}
            </Button>
            <Text ta="center" size="sm">
              {t.haveAccount}{' '}
              <Anchor component={Link} to="/connexion">
                {fr.login.submit}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
