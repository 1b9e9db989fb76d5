import { Button, Input, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { useId } from 'react';
import { fr } from '../i18n/fr.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { frenchNumber } from './answers.ts';
import type { QuestionnaireItem } from './assessments-api.ts';

const t = frAssessments.fill;

/** Big buttons for Oui/Non and for choices: a radio group a thumb can hit (52 px high). */
function ChoiceButtons({
  labelId,
  options,
  value,
  invalid,
  onChange,
}: {
  labelId: string;
  options: { value: string | boolean; label: string }[];
  value: string | boolean | undefined;
  invalid: boolean;
  onChange: (value: string | boolean) => void;
}) {
  return (
    <SimpleGrid
      cols={options.length <= 2 ? 2 : 1}
      spacing="xs"
      role="radiogroup"
      aria-labelledby={labelId}
      aria-invalid={invalid || undefined}
    >
      {options.map((option) => {
        const checked = value === option.value;
        return (
          <Button
            key={String(option.value)}
            role="radio"
            aria-checked={checked}
            variant={checked ? 'filled' : 'default'}
            color="blue.9"
            size="lg"
            style={invalid ? { borderColor: 'var(--mantine-color-error)' } : undefined}
            h={52}
            fullWidth
            onClick={() => {
              onChange(option.value);
            }}
          >
            {option.label}
          </Button>
        );
      })}
    </SimpleGrid>
  );
}

/** One large control per questionnaire item, driven by its definition (type, unit, range, options). */
export function ItemInput({
  item,
  value,
  error,
  onChange,
  onBlur,
}: {
  item: QuestionnaireItem;
  value: string | boolean | undefined;
  error: string | null;
  onChange: (value: string | boolean) => void;
  onBlur: () => void;
}) {
  const labelId = useId();
  const optional = item.required ? '' : ` ${fr.common.optional}`;
  switch (item.type) {
    case 'number': {
      const integer = Number.isInteger(item.step ?? 0.5);
      return (
        <TextInput
          label={`${item.label}${item.unit ? ` (${item.unit})` : ''}${optional}`}
          description={t.range(frenchNumber(item.min), frenchNumber(item.max), item.unit)}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => {
            onChange(event.currentTarget.value);
          }}
          onBlur={onBlur}
          error={error}
          inputMode={integer ? 'numeric' : 'decimal'}
          autoComplete="off"
          size="xl"
          rightSection={
            item.unit ? (
              <Text fw={600} c="dimmed" aria-hidden="true">
                {item.unit}
              </Text>
            ) : null
          }
          rightSectionWidth={item.unit ? 64 : undefined}
          styles={{ label: { fontSize: 'var(--mantine-font-size-md)', fontWeight: 600 } }}
        />
      );
    }
    case 'boolean':
    case 'choice': {
      const options =
        item.type === 'boolean'
          ? [
              { value: true, label: t.yes },
              { value: false, label: t.no },
            ]
          : item.options;
      return (
        <Input.Wrapper
          labelElement="div"
          size="lg"
          label={<span id={labelId}>{`${item.label}${optional}`}</span>}
          error={error}
          styles={{ label: { fontSize: 'var(--mantine-font-size-md)', fontWeight: 600, marginBottom: 6 } }}
        >
          <ChoiceButtons
            labelId={labelId}
            options={options}
            value={value}
            invalid={error !== null}
            onChange={onChange}
          />
        </Input.Wrapper>
      );
    }
    case 'text': {
      const text = typeof value === 'string' ? value : '';
      return (
        <Textarea
          label={`${item.label}${optional}`}
          description={t.counter(text.length, item.maxLength)}
          value={text}
          onChange={(event) => {
            onChange(event.currentTarget.value);
          }}
          onBlur={onBlur}
          error={error}
          autosize
          minRows={3}
          maxRows={8}
          size="lg"
          styles={{ label: { fontSize: 'var(--mantine-font-size-md)', fontWeight: 600 } }}
        />
      );
    }
  }
}
