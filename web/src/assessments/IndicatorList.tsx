import { Badge, Group, Stack, Text } from '@mantine/core';
import { frAssessments } from '../i18n/fr-assessments.ts';

/** Indicators with their status; a negative one stands out (red, bold, first word "Négatif"). */
export function IndicatorList({
  indicators,
  compact = false,
}: {
  indicators: { code: string; label: string; status: 'ok' | 'negative' }[];
  /** The normal ones on one line (the timeline), the negative ones still one per row. */
  compact?: boolean;
}) {
  if (indicators.length === 0) return null;
  if (compact) {
    const negative = indicators.filter((i) => i.status === 'negative');
    const ok = indicators.filter((i) => i.status === 'ok');
    return (
      <Stack gap={6}>
        {negative.length > 0 && <IndicatorList indicators={negative} />}
        {ok.length > 0 && (
          <Text size="sm" c="dimmed" data-status="ok">
            <Text span fw={700} size="sm" c="gray.8">
              {frAssessments.indicator.ok} :
            </Text>{' '}
            {ok.map((i) => i.label).join(' · ')}
          </Text>
        )}
      </Stack>
    );
  }
  // Negative ones first: they are what the reader looks for.
  const sorted = [...indicators].sort(
    (a, b) => Number(b.status === 'negative') - Number(a.status === 'negative'),
  );
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {sorted.map((indicator) => {
        const negative = indicator.status === 'negative';
        return (
          <Group
            key={indicator.code}
            component="li"
            gap="xs"
            wrap="nowrap"
            p={6}
            bg={negative ? 'red.0' : undefined}
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            data-status={indicator.status}
          >
            <Badge
              color={negative ? 'red.9' : 'gray'}
              variant={negative ? 'filled' : 'light'}
              tt="none"
              miw={72}
            >
              {frAssessments.indicator[indicator.status]}
            </Badge>
            <Text size="sm" fw={negative ? 700 : 400} c={negative ? 'red.9' : undefined}>
              {indicator.label}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
