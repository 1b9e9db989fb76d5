import { Button, Group, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { DayMode, Weekday } from '@relais/contracts';
import { useId } from 'react';
import { frPreferences } from '../i18n/fr-preferences.ts';
import type { FieldErrors } from '../ui/form-errors.ts';
import { DEFAULT_RANGE, NEXT_MODE, newRange, rangeAfter, type DayDraft, type Range } from './schedule.ts';

const t = frPreferences.schedule;

/** Colour cue beside the words (never instead of them): green available, blue custom, grey unavailable. */
const MODE_COLOUR: Record<DayMode, string> = {
  all_day: 'var(--mantine-color-green-8)',
  custom: 'var(--mantine-color-blue-8)',
  unavailable: 'var(--mantine-color-gray-6)',
};

interface DayCardProps {
  day: Weekday;
  draft: DayDraft;
  onChange: (next: DayDraft) => void;
  /** Keyed relative to the day: `ranges`, `ranges.0.end`… */
  errors: FieldErrors;
  disabled: boolean;
}

/** One weekday: a tap cycles its mode; custom hours show their ranges, each editable and removable. */
export function DayCard({ day, draft, onChange, errors, disabled }: DayCardProps) {
  const hintId = useId();
  const dayName = t.days[day];
  const modeName = t.modes[draft.mode];

  const cycle = () => {
    const mode = NEXT_MODE[draft.mode];
    const ranges =
      mode === 'custom' && draft.ranges.length === 0
        ? [newRange(DEFAULT_RANGE.start, DEFAULT_RANGE.end)]
        : draft.ranges;
    onChange({ mode, ranges });
  };

  const setRange = (index: number, change: Partial<Range>) => {
    onChange({
      ...draft,
      ranges: draft.ranges.map((r, i) => (i === index ? { ...r, ...change } : r)),
    });
  };

  const dayError = errors.ranges;
  const next = rangeAfter(draft.ranges);

  return (
    <Paper
      withBorder
      style={{ borderLeft: `6px solid ${MODE_COLOUR[draft.mode]}`, overflow: 'hidden' }}
      data-mode={draft.mode}
    >
      <UnstyledButton
        onClick={cycle}
        disabled={disabled}
        aria-describedby={hintId}
        w="100%"
        px="md"
        py="sm"
        data-testid={`day-${day}`}
      >
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <div>
            <Text fw={700}>{dayName}</Text>
            <Text size="sm" c={draft.mode === 'unavailable' ? 'dimmed' : undefined}>
              {draft.mode === 'custom' && draft.ranges.length > 0
                ? `${modeName} : ${draft.ranges.map((r) => t.rangeSummary(r.start || '…', r.end || '…')).join(', ')}`
                : modeName}
            </Text>
          </div>
          <Text aria-hidden="true" size="xl" c="dimmed" style={{ flexShrink: 0 }}>
            ↻
          </Text>
        </Group>
      </UnstyledButton>
      <Text id={hintId} hidden>
        {t.nextMode(t.modes[NEXT_MODE[draft.mode]])}
      </Text>

      {draft.mode === 'custom' && (
        <Stack gap="sm" px="md" pb="md" pt={4}>
          {draft.ranges.map((range, index) => (
            <Stack key={range.key} gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={600}>
                  {t.rangeTitle(index + 1)}
                </Text>
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  aria-label={t.removeRange(dayName, index + 1)}
                  onClick={() => {
                    onChange({ ...draft, ranges: draft.ranges.filter((_, i) => i !== index) });
                  }}
                  disabled={disabled}
                >
                  {t.remove}
                </Button>
              </Group>
              <Group gap="sm" align="flex-start" wrap="nowrap">
                <TextInput
                  type="time"
                  label={t.start}
                  aria-label={t.rangeStart(dayName, index + 1)}
                  value={range.start}
                  onChange={(event) => {
                    setRange(index, { start: event.currentTarget.value });
                  }}
                  error={errors[`ranges.${index}.start`]}
                  disabled={disabled}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <TextInput
                  type="time"
                  label={t.end}
                  aria-label={t.rangeEnd(dayName, index + 1)}
                  value={range.end}
                  onChange={(event) => {
                    setRange(index, { end: event.currentTarget.value });
                  }}
                  error={errors[`ranges.${index}.end`]}
                  disabled={disabled}
                  style={{ flex: 1, minWidth: 0 }}
                />
              </Group>
            </Stack>
          ))}
          {dayError && (
            <Text size="sm" c="red.9" role="alert">
              {dayError}
            </Text>
          )}
          <Button
            variant="light"
            size="sm"
            onClick={() => {
              if (next) onChange({ ...draft, ranges: [...draft.ranges, next] });
            }}
            disabled={disabled || next === null}
            aria-label={t.addRangeLabel(dayName)}
            style={{ alignSelf: 'flex-start' }}
          >
            + {t.addRange}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}
