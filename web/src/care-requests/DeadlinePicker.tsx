import { Chip, Group, NativeSelect, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { DEADLINE_PRESETS, UNIT_MINUTES, type DeadlineUnit, type DeadlineValue } from './deadline.ts';
import classes from './DeadlinePicker.module.css';

const t = frCareRequests.deadline;

interface DeadlinePickerProps {
  value: DeadlineValue;
  onChange: (value: DeadlineValue) => void;
  error?: string;
  disabled?: boolean;
  /** The surrounding fieldset already shows "Délai de réponse": the label is then for screen readers only. */
  labelHidden?: boolean;
}

/** The response deadline: one tap on a preset, or a number of minutes, hours or days. */
export function DeadlinePicker({ value, onChange, error, disabled, labelHidden }: DeadlinePickerProps) {
  const labelId = useId();
  const hintId = useId();
  const errorId = useId();
  const custom = value.choice === 'custom';
  return (
    <Stack gap="xs">
      <div>
        {labelHidden ? (
          <VisuallyHidden id={labelId}>{t.presets}</VisuallyHidden>
        ) : (
          <Text fw={500} size="sm" id={labelId}>
            {t.presets}
          </Text>
        )}
        <Text size="sm" c="dimmed" id={hintId}>
          {t.presetsHint}
        </Text>
      </div>
      <Chip.Group
        multiple={false}
        value={value.choice}
        onChange={(choice) => {
          onChange({ ...value, choice });
        }}
      >
        <Group
          gap="xs"
          role="radiogroup"
          aria-labelledby={labelId}
          aria-describedby={error && !custom ? `${hintId} ${errorId}` : hintId}
        >
          {DEADLINE_PRESETS.map((minutes) => (
            <Chip
              key={minutes}
              value={String(minutes)}
              type="radio"
              size="md"
              disabled={disabled}
              classNames={{ label: classes.chip }}
            >
              {t.presetLabel[minutes]}
            </Chip>
          ))}
          <Chip
            value="custom"
            type="radio"
            size="md"
            disabled={disabled}
            classNames={{ label: classes.chip }}
          >
            {t.custom}
          </Chip>
        </Group>
      </Chip.Group>
      {custom && (
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            label={t.customAmount}
            inputMode="numeric"
            value={value.amount}
            onChange={(event) => {
              onChange({ ...value, amount: event.currentTarget.value.replace(/\D/g, '') });
            }}
            error={error}
            disabled={disabled}
            style={{ flex: 1 }}
            required
            data-autofocus
          />
          <NativeSelect
            label={t.customUnit}
            value={value.unit}
            onChange={(event) => {
              onChange({ ...value, unit: event.currentTarget.value as DeadlineUnit });
            }}
            data={(Object.keys(UNIT_MINUTES) as DeadlineUnit[]).map((unit) => ({
              value: unit,
              label: t.units[unit],
            }))}
            disabled={disabled}
            style={{ flex: 1 }}
          />
        </Group>
      )}
      {error && !custom && (
        <Text size="sm" c="red.9" id={errorId} role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
