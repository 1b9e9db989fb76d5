import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ApproximateAreaMap } from './ApproximateAreaMap.tsx';
import type { CareRequestView } from './care-requests-api.ts';
import {
  careTypeLabel,
  distanceM,
  formatCalendarDate,
  formatDistance,
  formatRemaining,
  formatWhen,
  personName,
  professionName,
  urgency,
} from './format.ts';

const t = frCareRequests;

const URGENCY_COLOR = { calm: 'blue', soon: 'orange', urgent: 'red', over: 'gray' } as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** "À partir du 12 mars 2026 · 2 fois par jour · 14 jours". */
export function detailsText(details: CareRequestView['details']): string {
  return [
    t.details.from(formatCalendarDate(details.startDate)),
    details.frequency,
    t.details.duration(details.durationDays),
  ].join(' · ');
}

interface CareRequestCardProps {
  request: CareRequestView;
  now: number;
  office: { lat: number; lon: number } | null;
  onAccept: () => void;
  onDecline: () => void;
  accepting: boolean;
  /** Another action on this card is under way: its buttons wait. */
  busy: boolean;
  /** Shown above the buttons (e.g. a failed accept with its retry). */
  children?: ReactNode;
}

/**
 * One received request. A pool viewer gets a PoolView (D10: no name, no description — the server never sent
 * them); a usual professional or the médecin traitant a PrivilegedView with the note (D11).
 */
export function CareRequestCard({
  request,
  now,
  office,
  onAccept,
  onDecline,
  accepting,
  busy,
  children,
}: CareRequestCardProps) {
  const titleId = useId();
  const profession = professionName(request.profession) ?? request.profession;
  const level = urgency(request.expiresAt, now);
  const officeDistance = office ? distanceM(office, request.approximateArea.centre) : null;
  const privileged = request.view === 'privileged' ? request : null;

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={titleId} shadow="xs">
      <Stack gap="sm">
        <Group gap={6}>
          <Badge variant="light" size="lg" tt="none">
            {profession}
          </Badge>
          <Badge variant="light" color="gray" size="lg" tt="none">
            {request.homeVisit ? t.details.homeVisit : t.details.office}
          </Badge>
        </Group>
        <Title order={2} size="h3" id={titleId}>
          {careTypeLabel(request.careType)}
        </Title>

        {privileged ? (
          <Stack gap={6}>
            <Text fw={600} size="lg">
              {privileged.patient.firstName} {privileged.patient.lastName}
              <Text span c="dimmed" size="sm" fw={400}>
                {' · '}
                {t.card.born(formatCalendarDate(privileged.patient.birthDate))}
              </Text>
            </Text>
            {privileged.note && (
              <Alert variant="light" color="blue" p="xs">
                <Text size="sm" fw={600}>
                  {privileged.note}
                </Text>
              </Alert>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" fs="italic">
            {t.card.anonymous}
          </Text>
        )}

        <Stack gap="xs" component="dl" m={0}>
          <Field label={t.card.deadline}>
            <Group gap="xs" component="span" wrap="wrap">
              <span>{formatWhen(request.expiresAt, new Date(now))}</span>
              <Badge component="span" variant="light" color={URGENCY_COLOR[level]} tt="none" size="lg">
                {formatRemaining(request.expiresAt, now)}
              </Badge>
            </Group>
          </Field>
          <Field label={t.card.care}>{detailsText(request.details)}</Field>
          <Field label={t.card.commune}>{request.commune.name}</Field>
          {privileged && (
            <Field label={t.card.description}>
              <Text component="span" style={{ whiteSpace: 'pre-wrap' }}>
                {privileged.description}
              </Text>
            </Field>
          )}
          {privileged && <Field label={t.card.declencheur}>{personName(privileged.declencheur)}</Field>}
        </Stack>

        <Stack gap={4}>
          <ApproximateAreaMap
            area={request.approximateArea}
            communeName={request.commune.name}
            office={office}
          />
          {officeDistance !== null && (
            <Text size="sm" fw={500}>
              {t.map.distance(formatDistance(officeDistance))}
            </Text>
          )}
          {!privileged && (
            <Text size="xs" c="dimmed">
              {t.map.hint}
            </Text>
          )}
        </Stack>

        {children}
        {level === 'over' ? (
          <Text size="sm" c="dimmed" role="status">
            {t.card.expiredLocally}
          </Text>
        ) : (
          <Group grow gap="sm">
            <Button onClick={onAccept} loading={accepting} disabled={busy && !accepting} color="green.9">
              {t.card.accept}
            </Button>
            <Button variant="default" onClick={onDecline} disabled={busy}>
              {t.card.decline}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
