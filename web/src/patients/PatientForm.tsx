import { Button, Fieldset, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import type { Sex } from '@relais/contracts';
import type { UseMutationResult } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { optionalLabel } from '../professional/ProfessionalFieldsInputs.tsx';
import { ErrorAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import {
  fieldsOf,
  unplacedErrors,
  useFocusFirstError,
  withoutFields,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { CommuneInput } from './CommuneInput.tsx';
import { DoctorPicker } from './DoctorPicker.tsx';
import {
  foldFields,
  maskDate,
  PATIENT_FIELDS,
  patientProblems,
  type PatientFormValues,
} from './patient-form.ts';
import { UsualPicker } from './UsualPicker.tsx';

const t = frPatients.form;
const SEXES: Sex[] = ['F', 'M', 'U'];

/** Which server paths an edit of a value makes stale. */
const PATHS: Record<keyof PatientFormValues, string[]> = {
  lastName: ['lastName'],
  firstName: ['firstName'],
  birthDate: ['birthDate'],
  sex: ['sex'],
  line: ['address.line'],
  postalCode: ['address.postalCode', 'address.city'],
  city: ['address.postalCode', 'address.city'],
  phone: ['phone'],
  doctor: ['treatingDoctor'],
  usual: ['usualProfessionalIds'],
};

interface PatientFormProps<R> {
  initial: PatientFormValues;
  mutation: UseMutationResult<R, Error, PatientFormValues>;
  submitLabel: string;
  cancelTo: string;
  /** Checks that only the edit form makes (e.g. "nothing changed"); messages land in the general area. */
  precheck?: (values: PatientFormValues) => string | null;
}

/** Identity, address, phone, médecin traitant and usual professionals: creation and edition alike. */
export function PatientForm<R>({ initial, mutation, submitLabel, cancelTo, precheck }: PatientFormProps<R>) {
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  useFocusFirstError(formRef, errors, attempt);

  const set = (change: Partial<PatientFormValues>) => {
    setValues((v) => ({ ...v, ...change }));
    const stale = (Object.keys(change) as (keyof PatientFormValues)[]).flatMap((k) => PATHS[k]);
    setErrors((current) => withoutFields(current, stale));
    setNotice(null);
  };

  const text = (field: 'lastName' | 'firstName' | 'line' | 'phone') => ({
    value: values[field],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      set({ [field]: event.currentTarget.value });
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problems = patientProblems(values);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    const blocked = precheck?.(values) ?? null;
    setNotice(blocked);
    if (blocked) return;
    mutation.mutate(values, {
      onError: (error) => {
        setErrors(foldFields(fieldsOf(error)));
        setAttempt((n) => n + 1);
      },
    });
  };

  const others = unplacedErrors(errors, PATIENT_FIELDS);
  const communeErrors = [
    ...new Set([errors['address.postalCode'], errors['address.city']].filter((m): m is string => !!m)),
  ];
  const pending = mutation.isPending;
  const serverFields = mutation.isError ? Object.keys(fieldsOf(mutation.error)).length : 0;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
        <Fieldset legend={t.sectionIdentity} disabled={pending}>
          <Stack gap="md">
            <TextInput
              label={t.lastName}
              autoComplete="off"
              {...text('lastName')}
              error={errors.lastName}
              required
            />
            <TextInput
              label={t.firstName}
              autoComplete="off"
              {...text('firstName')}
              error={errors.firstName}
              required
            />
            <TextInput
              label={t.birthDate}
              description={t.birthDateHint}
              placeholder={t.birthDateHint}
              inputMode="numeric"
              autoComplete="off"
              maxLength={10}
              value={values.birthDate}
              onChange={(event) => {
                set({ birthDate: maskDate(event.currentTarget.value) });
              }}
              error={errors.birthDate}
              w="12rem"
              required
            />
            <Radio.Group
              label={t.sex}
              value={values.sex}
              onChange={(value) => {
                set({ sex: value as Sex });
              }}
              error={errors.sex}
            >
              <Group gap="md" mt={6}>
                {SEXES.map((sex) => (
                  <Radio
                    key={sex}
                    value={sex}
                    label={frPatients.sex[sex]}
                    size="md"
                    aria-invalid={errors.sex ? true : undefined}
                  />
                ))}
              </Group>
            </Radio.Group>
          </Stack>
        </Fieldset>

        <Fieldset legend={t.sectionAddress} disabled={pending}>
          <Stack gap="md">
            <TextInput
              label={t.addressLine}
              description={t.addressLineHint}
              autoComplete="off"
              {...text('line')}
              error={errors['address.line']}
              required
            />
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <CommuneInput
                label={t.postalCode}
                inputMode="numeric"
                maxLength={5}
                value={values.postalCode}
                onChange={(postalCode) => {
                  set({ postalCode });
                }}
                onPick={(c) => {
                  set({ postalCode: c.postalCode, city: c.city });
                }}
                error={Boolean(errors['address.postalCode'])}
                w="8rem"
                style={{ flexShrink: 0 }}
                dropdownWidth={300}
                required
              />
              <div style={{ flex: 1, minWidth: 0 }}>
                <CommuneInput
                  label={t.city}
                  value={values.city}
                  onChange={(city) => {
                    set({ city });
                  }}
                  onPick={(c) => {
                    set({ postalCode: c.postalCode, city: c.city });
                  }}
                  error={Boolean(errors['address.city'])}
                  dropdownWidth={300}
                  required
                />
              </div>
            </Group>
            {/* Under the pair, full width: "Adresse introuvable : vérifiez le code postal et la ville." concerns both. */}
            {communeErrors.length > 0 && (
              <Stack gap={2} mt={-8} role="alert">
                {communeErrors.map((message) => (
                  <Text key={message} size="sm" c="red.9">
                    {message}
                  </Text>
                ))}
              </Stack>
            )}
            <TextInput
              label={optionalLabel(t.phone)}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              {...text('phone')}
              error={errors.phone}
            />
          </Stack>
        </Fieldset>

        <DoctorPicker
          value={values.doctor}
          onChange={(doctor) => {
            set({ doctor });
          }}
          error={errors.treatingDoctor}
          disabled={pending}
        />

        <UsualPicker
          value={values.usual}
          onChange={(usual) => {
            set({ usual });
          }}
          error={errors.usualProfessionalIds}
          disabled={pending}
        />

        {Object.keys(errors).length > others.length && (
          <Text size="sm" c="red.9" role="alert">
            {fr.errors.invalidForm}
          </Text>
        )}
        <OtherFieldErrors messages={others} />
        {notice && (
          <Text size="sm" role="status">
            {notice}
          </Text>
        )}
        {mutation.isError && serverFields === 0 && (
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate(values);
            }}
          />
        )}
        <Stack gap="sm">
          <Button type="submit" loading={pending} fullWidth>
            {submitLabel}
          </Button>
          <Button component={Link} to={cancelTo} variant="default" fullWidth disabled={pending}>
            {t.cancel}
          </Button>
        </Stack>
      </Stack>
    </form>
  );
}
