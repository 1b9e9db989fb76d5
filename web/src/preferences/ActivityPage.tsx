import {
  Anchor,
  Container,
  Fieldset,
  NumberInput,
  Paper,
  Slider,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { RADIUS_KM_DEFAULT, RADIUS_KM_MAX, RADIUS_KM_MIN, type ActivityUpdate } from '@relais/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { frPreferences } from '../i18n/fr-preferences.ts';
import { ErrorAlert, InfoAlert, OtherFieldErrors } from '../ui/ErrorAlert.tsx';
import {
  fieldsOf,
  unplacedErrors,
  useFocusFirstError,
  withoutFields,
  type FieldErrors,
} from '../ui/form-errors.ts';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { CommuneLists, type ListedCommune } from './CommuneLists.tsx';
import { ACTIVITY_KEY, fetchActivity, saveActivity, type Activity } from './preferences-api.ts';
import { SaveBar } from './SaveBar.tsx';
import { ZoneMap } from './ZoneMap.tsx';

const t = frPreferences.activity;
const SHOWN = ['homeVisits', 'officeConsultations', 'radiusKm'];

/** "Pref. PeC" (D5): what kind of care, how far from the office, and which communes. */
export function ActivityPage() {
  usePageTitle(t.title);
  const query = useQuery({ queryKey: ACTIVITY_KEY, queryFn: ({ signal }) => fetchActivity(signal) });
  // The form starts from the server's state, and again after each save; a background refetch leaves it alone.
  const [version, setVersion] = useState(0);

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          ← {frPreferences.backHome}
        </Anchor>
        <div>
          <Title order={1} size="h2">
            {t.title}
          </Title>
          <Text c="dimmed">{t.subtitle}</Text>
        </div>
        {query.isPending && <PageLoader />}
        {query.isError && (
          <ErrorAlert
            error={query.error}
            kind="read"
            onRetry={() => {
              void query.refetch();
            }}
            retrying={query.isFetching}
          />
        )}
        {query.data && (
          <ActivityForm
            key={version}
            activity={query.data}
            onSaved={() => {
              setVersion((v) => v + 1);
            }}
          />
        )}
      </Stack>
    </Container>
  );
}

function sameSet(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}

function radiusProblem(radius: number | string): string | null {
  return typeof radius === 'number' &&
    Number.isInteger(radius) &&
    radius >= RADIUS_KM_MIN &&
    radius <= RADIUS_KM_MAX
    ? null
    : t.radiusInvalid(RADIUS_KM_MIN, RADIUS_KM_MAX);
}

function ActivityForm({ activity, onSaved }: { activity: Activity; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const formRef = useRef<HTMLFormElement>(null);
  const [homeVisits, setHomeVisits] = useState(activity.homeVisits);
  const [officeConsultations, setOfficeConsultations] = useState(activity.officeConsultations);
  const [radius, setRadius] = useState<number | string>(activity.radiusKm);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(() => new Set(activity.removedCommunes));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);

  const mutation = useMutation({
    mutationFn: saveActivity,
    onSuccess: (saved) => {
      queryClient.setQueryData(ACTIVITY_KEY, saved);
      notify(frPreferences.saved);
      onSaved();
    },
    onError: (error) => {
      setErrors(fieldsOf(error));
      setAttempt((n) => n + 1);
    },
  });
  useFocusFirstError(formRef, errors, attempt);

  const radiusKm = typeof radius === 'number' ? radius : activity.radiusKm;
  const drawnRadius = radiusProblem(radius) === null ? radiusKm : activity.radiusKm;
  const dirty =
    homeVisits !== activity.homeVisits ||
    officeConsultations !== activity.officeConsultations ||
    radius !== activity.radiusKm ||
    !sameSet(removed, activity.removedCommunes);

  // Attributed: the server's list minus what was just removed, plus removed ones restored within the radius.
  const known = new Map<string, ListedCommune>();
  for (const c of activity.communes) known.set(c.insee, { ...c });
  for (const c of activity.removed) if (!known.has(c.insee)) known.set(c.insee, { ...c });
  const listed = [...known.values()];
  const attributed = listed
    .filter(
      (c) =>
        !removed.has(c.insee) &&
        (activity.communes.some((a) => a.insee === c.insee) ||
          (c.distanceKm !== null && c.distanceKm <= activity.radiusKm)),
    )
    .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || a.name.localeCompare(b.name));
  const removedList = listed
    .filter((c) => removed.has(c.insee))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));

  const toggleRemoved = (insee: string, remove: boolean) => {
    setRemoved((current) => {
      const next = new Set(current);
      if (remove) next.add(insee);
      else next.delete(insee);
      return next;
    });
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!homeVisits && !officeConsultations) problems.homeVisits = t.atLeastOne;
    const radiusError = radiusProblem(radius);
    if (radiusError) problems.radiusKm = radiusError;
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    const body: ActivityUpdate = {
      homeVisits,
      officeConsultations,
      radiusKm,
      removedCommunes: [...removed].sort(),
    };
    mutation.mutate(body);
  };

  const others = unplacedErrors(errors, SHOWN);
  const kindError = errors.homeVisits ?? errors.officeConsultations;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Text>{t.intro}</Text>

        <Fieldset legend={t.sectionKind} disabled={mutation.isPending}>
          <Stack gap="md">
            <Switch
              size="md"
              label={t.homeVisits}
              checked={homeVisits}
              onChange={(event) => {
                setHomeVisits(event.currentTarget.checked);
                setErrors((e) => withoutFields(e, ['homeVisits', 'officeConsultations']));
              }}
              aria-invalid={kindError ? true : undefined}
            />
            <Switch
              size="md"
              label={t.officeConsultations}
              checked={officeConsultations}
              onChange={(event) => {
                setOfficeConsultations(event.currentTarget.checked);
                setErrors((e) => withoutFields(e, ['homeVisits', 'officeConsultations']));
              }}
            />
            {kindError && (
              <Text size="sm" c="red.9" role="alert">
                {kindError}
              </Text>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t.sectionRadius} disabled={mutation.isPending}>
          <Stack gap="sm">
            <NumberInput
              label={t.radius}
              description={t.radiusHint(RADIUS_KM_MIN, RADIUS_KM_MAX, RADIUS_KM_DEFAULT)}
              value={radius}
              onChange={(value) => {
                setRadius(value);
                setErrors((e) => withoutFields(e, ['radiusKm']));
              }}
              min={RADIUS_KM_MIN}
              max={RADIUS_KM_MAX}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              suffix=" km"
              inputMode="numeric"
              size="md"
              styles={{ wrapper: { maxWidth: '10rem' } }}
              error={errors.radiusKm}
            />
            <Slider
              value={radiusKm}
              onChange={(value) => {
                setRadius(value);
                setErrors((e) => withoutFields(e, ['radiusKm']));
              }}
              min={RADIUS_KM_MIN}
              max={RADIUS_KM_MAX}
              step={1}
              size="lg"
              thumbLabel={t.radiusSlider}
              label={(value) => t.radiusValue(value)}
              marks={[
                { value: 1, label: '1' },
                { value: 25, label: '25' },
                { value: 50, label: '50' },
                { value: 75, label: '75' },
                { value: 100, label: '100' },
              ]}
              mb="lg"
              disabled={mutation.isPending}
            />
            {radius !== activity.radiusKm && radiusProblem(radius) === null && (
              <InfoAlert>{t.radiusPending}</InfoAlert>
            )}
          </Stack>
        </Fieldset>

        <section aria-labelledby="zone-title">
          <Title order={2} size="h4" id="zone-title" mb="sm">
            {t.sectionMap}
          </Title>
          {activity.office ? (
            <Stack gap="xs">
              <Text size="sm">{t.officeAt(activity.office.name)}</Text>
              <ZoneMap
                office={activity.office}
                radiusKm={drawnRadius}
                communes={[
                  ...activity.communes.map((c) => ({ ...c, removed: removed.has(c.insee) })),
                  ...activity.removed
                    .filter((c) => !activity.communes.some((a) => a.insee === c.insee))
                    .map((c) => ({ ...c, point: null, removed: removed.has(c.insee) })),
                ]}
              />
            </Stack>
          ) : (
            <Paper withBorder p="md">
              <Text size="sm">{t.noOffice}</Text>
            </Paper>
          )}
        </section>

        <CommuneLists
          attributed={attributed}
          removed={removedList}
          onRemove={(insee) => {
            toggleRemoved(insee, true);
          }}
          onRestore={(insee) => {
            toggleRemoved(insee, false);
          }}
          disabled={mutation.isPending}
          error={errors.removedCommunes}
        />

        <OtherFieldErrors messages={others.filter((m) => m !== errors.removedCommunes)} />
        {mutation.isError && Object.keys(fieldsOf(mutation.error)).length === 0 && (
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate(mutation.variables);
            }}
          />
        )}
        <SaveBar dirty={dirty} saving={mutation.isPending} />
      </Stack>
    </form>
  );
}
