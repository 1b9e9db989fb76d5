import { Button, Stack, Text } from '@mantine/core';
import { ProfessionalFields } from '@relais/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
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
import { ACCOUNTS_KEY, createProfessional } from './support-api.ts';

const t = fr.support;
const CODE_TO_FIELD = { identifier_taken: 'identifier', email_taken: 'email' };
const SHOWN: readonly string[] = [...PROFESSIONAL_FIELD_PATHS, 'officeAddress'];

/** Onboarding by support (e.g. a CPTS's members): same identity as a registration, no password, no proof. */
export function NewProfessionalTab() {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ProfessionalFormValues>(EMPTY_PROFESSIONAL);
  const [formKey, setFormKey] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [created, setCreated] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: createProfessional,
    onSuccess: async (_, submitted) => {
      setCreated(t.created(`${submitted.firstName.trim()} ${submitted.lastName.trim()}`));
      setValues(EMPTY_PROFESSIONAL);
      setFormKey((k) => k + 1);
      window.scrollTo({ top: 0 });
      await queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
    },
    onError: (error) => {
      setErrors(fieldsOf(error, CODE_TO_FIELD));
      setAttempt((n) => n + 1);
    },
  });
  useFocusFirstError(formRef, errors, attempt);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setCreated(null);
    const parsed = ProfessionalFields.safeParse(toProfessionalInput(values));
    const problems = professionalProblems(values, parsed.success ? undefined : parsed.error);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    mutation.mutate(values);
  };

  const others = unplacedErrors(errors, SHOWN);
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text c="dimmed">{t.newIntro}</Text>
          <Text size="sm" c="dimmed">
            {fr.registration.allRequired}
          </Text>
        </Stack>
        {created && <SuccessAlert>{created}</SuccessAlert>}
        <ProfessionalFieldsInputs
          key={formKey}
          values={values}
          onChange={(change) => {
            setValues((v) => ({ ...v, ...change }));
            setErrors((current) => withoutFields(current, errorPathsOf(change)));
          }}
          errors={errors}
          disabled={mutation.isPending}
          audience="support"
        />
        {Object.keys(errors).length > others.length && (
          <Text size="sm" c="red.9" role="alert">
            {fr.errors.invalidForm}
          </Text>
        )}
        <OtherFieldErrors messages={others} />
        {mutation.isError && Object.keys(fieldsOf(mutation.error, CODE_TO_FIELD)).length === 0 && (
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate(mutation.variables);
            }}
          />
        )}
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t.create}
        </Button>
      </Stack>
    </form>
  );
}
