import { Chip, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { RESPONSE_MINUTES_MAX, RESPONSE_MINUTES_MIN } from '@relais/contracts';
import { useId } from 'react';
import { frCareRequests } from '../i18n/fr-care-requests.ts';

const t = frCareRequests.deadline;

/** 30 min, 2 h, 12 h, 24 h, 48 h, 7 j: the deadlines a déclencheur picks most. */
export const DEADLINE_PRESETS = [30, 120, 720, 1440, 2880, 10080] as const;
const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNIT_MINUTES;

export interface DeadlineValue {
  /** A preset's minutes as a string, or `custom`. */
  choice: string;
  amount: string;
  unit: Unit;
}

/** The picker's state for a number of minutes: a preset when one matches, otherwise the custom fields. */
export function deadlineFromMinutes(minutes: number): DeadlineValue {
  if (DEADLINE_PRESETS.some((p) => p === minutes))
    return { choice: String(minutes), amount: '', unit: 'hours' };
  if (minutes % 1440 === 0) return { choice: 'custom', amount: String(minutes / 1440), unit: 'days' };
  if (minutes % 60 === 0) return { choice: 'custom', amount: String(minutes / 60), unit: 'hours' };
  return { choice: 'custom', amount: String(minutes), unit: 'minutes' };
}

/** The deadline in minutes, or the French reason why there is none. */
export function deadlineMinutes(value: DeadlineValue): { minutes: number } | { problem: string } {
  if (value.choice !== 'custom') return { minutes: Number(value.choice) };
  if (!/^\d+$/.test(value.amount.trim())) return { problem: t.invalidAmount };
  const minutes = Number(value.amount.trim()) * UNIT_MINUTES[value.unit];
  if (minutes < RESPONSE_MINUTES_MIN) return { problem: t.tooShort };
  if (minutes > RESPONSE_MINUTES_MAX) return { problem: t.tooLong };
  return { minutes };
}

interface DeadlinePickerProps {
  value: DeadlineValue;
  onChange: (value: DeadlineValue) => void;
  error?: string;
  disabled?: boolean;
}

/** The response deadline: one tap on a preset, or a number of minutes, hours or days. */
export function DeadlinePicker({ value, onChange, error, disabled }: DeadlinePickerProps) {
  const labelId = useId();
  const hintId = useId();
  const errorId = useId();
  const custom = value.choice === 'custom';
  return (
    <Stack gap="xs">
      <div>
        <Text fw={500} size="sm" id={labelId}>
          {t.presets}
        </Text>
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
            <Chip key={minutes} value={String(minutes)} type="radio" size="md" disabled={disabled}>
              {t.presetLabel[minutes]}
            </Chip>
          ))}
          <Chip value="custom" type="radio" size="md" disabled={disabled}>
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
              onChange({ ...value, unit: event.currentTarget.value as Unit });
            }}
            data={(Object.keys(UNIT_MINUTES) as Unit[]).map((unit) => ({
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
