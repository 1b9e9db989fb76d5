import { Fieldset, Group, NativeSelect, Radio, Stack, TextInput } from '@mantine/core';
import { identifierProblem, type IdentifierKind } from '@relais/contracts';
import { useState } from 'react';
import { fr } from '../i18n/fr.ts';
import type { FieldErrors } from '../ui/form-errors.ts';
import { identifierLength, PROFESSION_OPTIONS, type ProfessionalFormValues } from './professional-form.ts';

const t = fr.registration;

interface ProfessionalFieldsInputsProps {
  values: ProfessionalFormValues;
  onChange: (change: Partial<ProfessionalFormValues>) => void;
  errors: FieldErrors;
  disabled?: boolean;
  /** Who fills the form: the professional (self-registration) or support on their behalf. */
  audience?: 'self' | 'support';
}

export function optionalLabel(label: string): string {
  return `${label} ${fr.common.optional}`;
}

/** Identity, office and contact inputs, shared by self-registration and onboarding by support. */
export function ProfessionalFieldsInputs({
  values,
  onChange,
  errors,
  disabled,
  audience = 'self',
}: ProfessionalFieldsInputsProps) {
  const [identifierTouched, setIdentifierTouched] = useState(false);
  const expected = identifierLength(values.identifierType);
  const problem = values.identifier ? identifierProblem(values.identifierType, values.identifier) : null;
  // Judge the number once it is complete or the user moved on, not at every keystroke.
  const liveProblem =
    problem && (identifierTouched || values.identifier.length >= expected) ? problem : undefined;
  const identifierValid = values.identifier !== '' && problem === null;

  const text = (field: keyof ProfessionalFormValues) => ({
    value: values[field],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      onChange({ [field]: event.currentTarget.value });
    },
    disabled,
  });

  return (
    <Stack gap="lg">
      <Fieldset legend={t.sectionIdentity} disabled={disabled}>
        <Stack gap="md">
          <Radio.Group
            label={t.identifierType}
            value={values.identifierType}
            onChange={(value) => {
              onChange({ identifierType: value as IdentifierKind });
            }}
            error={errors.identifierType}
          >
            <Group gap="xl" mt={6}>
              <Radio value="rpps" label={t.rpps} size="md" />
              <Radio value="adeli" label={t.adeli} size="md" />
            </Group>
          </Radio.Group>
          <TextInput
            label={values.identifierType === 'rpps' ? t.identifierRpps : t.identifierAdeli}
            description={identifierValid ? `✓ ${t.identifierOk}` : t.identifierHint(expected)}
            inputMode="numeric"
            autoComplete="off"
            value={values.identifier}
            onChange={(event) => {
              onChange({ identifier: event.currentTarget.value.replace(/\D/g, '') });
            }}
            onBlur={() => {
              setIdentifierTouched(true);
            }}
            error={errors.identifier ?? liveProblem}
            disabled={disabled}
            required
          />
          <NativeSelect
            label={t.profession}
            data={[{ value: '', label: t.professionPlaceholder, disabled: true }, ...PROFESSION_OPTIONS]}
            value={values.profession}
            onChange={(event) => {
              onChange({ profession: event.currentTarget.value });
            }}
            error={errors.profession}
            disabled={disabled}
            required
          />
          <TextInput label={optionalLabel(t.specialty)} {...text('specialty')} error={errors.specialty} />
          <TextInput
            label={t.firstName}
            autoComplete="given-name"
            {...text('firstName')}
            error={errors.firstName}
            required
          />
          <TextInput
            label={t.lastName}
            autoComplete="family-name"
            {...text('lastName')}
            error={errors.lastName}
            required
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t.sectionOffice} disabled={disabled}>
        <Stack gap="md">
          <TextInput
            label={t.addressLine}
            description={t.addressLineHint}
            autoComplete="address-line1"
            {...text('addressLine')}
            error={errors['officeAddress.line'] ?? errors.officeAddress}
            required
          />
          <Group gap="sm" align="flex-start" wrap="nowrap">
            <TextInput
              label={t.postalCode}
              autoComplete="postal-code"
              inputMode="numeric"
              maxLength={5}
              w="8.5rem"
              style={{ flexShrink: 0 }}
              {...text('postalCode')}
              error={errors['officeAddress.postalCode']}
              required
            />
            <TextInput
              label={t.city}
              autoComplete="address-level2"
              style={{ flex: 1, minWidth: 0 }}
              {...text('city')}
              error={errors['officeAddress.city']}
              required
            />
          </Group>
          <TextInput label={optionalLabel(t.network)} {...text('network')} error={errors.network} />
        </Stack>
      </Fieldset>

      <Fieldset legend={t.sectionContact} disabled={disabled}>
        <Stack gap="md">
          <TextInput
            label={t.mobilePhone}
            description={audience === 'self' ? t.mobilePhoneHint : t.mobilePhoneHintSupport}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            {...text('mobilePhone')}
            error={errors.mobilePhone}
            required
          />
          <TextInput
            label={t.email}
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            {...text('email')}
            error={errors.email}
            required
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
