import { Group, Text } from '@mantine/core';
import type { LatLon } from '@relais/contracts';
import { frPreferences } from '../i18n/fr-preferences.ts';

const t = frPreferences.activity;

export interface MapCommune {
  insee: string;
  distanceKm: number | null;
  /** The commune's centre, when known; otherwise it is drawn at its distance in an arbitrary direction. */
  point: LatLon | null;
  removed: boolean;
}

interface ZoneMapProps {
  office: LatLon & { name: string };
  radiusKm: number;
  communes: MapCommune[];
}

const SIZE = 320;
const CENTRE = SIZE / 2;
const MARGIN = 14;
const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;

/** A stable direction per commune (degrees), so that a dot does not jump when the radius changes. */
function bearingOf(insee: string): number {
  let hash = 2166136261;
  for (const char of insee) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return ((hash >>> 0) % 3600) / 10;
}

/** East/north offset from the office in km: a flat projection is exact enough within 100 km. */
function offsetKm(office: LatLon, commune: MapCommune): { east: number; north: number } | null {
  if (commune.point) {
    const cos = Math.cos((office.lat * Math.PI) / 180);
    return {
      east: (commune.point.lon - office.lon) * KM_PER_DEGREE_LON_AT_EQUATOR * cos,
      north: (commune.point.lat - office.lat) * KM_PER_DEGREE_LAT,
    };
  }
  if (commune.distanceKm === null) return null;
  const angle = (bearingOf(commune.insee) * Math.PI) / 180;
  return { east: commune.distanceKm * Math.sin(angle), north: commune.distanceKm * Math.cos(angle) };
}

/** A round length for the scale bar, about a third of the drawn radius. */
function scaleLength(extentKm: number): number {
  const target = extentKm / 3;
  const steps = [0.5, 1, 2, 5, 10, 20, 25, 50];
  return steps.reduce((best, step) => (step <= target ? step : best), steps[0] ?? 1);
}

/**
 * The activity zone drawn by hand in SVG: the office, the radius circle and the communes as dots. No map
 * tiles: it must render offline and on the slowest network, and it needs none to say "this is your zone".
 */
export function ZoneMap({ office, radiusKm, communes }: ZoneMapProps) {
  const placed = communes
    .map((commune) => ({ commune, offset: offsetKm(office, commune) }))
    .filter((p): p is { commune: MapCommune; offset: { east: number; north: number } } => p.offset !== null);
  const farthest = placed.reduce(
    (max, p) => Math.max(max, Math.hypot(p.offset.east, p.offset.north)),
    radiusKm,
  );
  const extentKm = Math.max(farthest, 1) * 1.08;
  const pxPerKm = (CENTRE - MARGIN) / extentKm;
  const bar = scaleLength(extentKm);
  const exact = communes.every((c) => c.point !== null);
  const attributed = communes.filter((c) => !c.removed).length;
  // Hundreds of communes (a wide radius) would merge into one blot with large dots.
  const dot = communes.length > 150 ? 2.5 : 4;

  return (
    <div>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width="100%"
        role="img"
        aria-label={t.mapLabel(radiusKm, office.name, attributed)}
        style={{
          display: 'block',
          maxWidth: 420,
          margin: '0 auto',
          background: 'var(--mantine-color-gray-1)',
          borderRadius: 'var(--mantine-radius-md)',
          border: '1px solid var(--mantine-color-gray-4)',
        }}
      >
        <circle
          cx={CENTRE}
          cy={CENTRE}
          r={radiusKm * pxPerKm}
          fill="var(--mantine-color-blue-1)"
          fillOpacity={0.7}
          stroke="var(--mantine-color-blue-8)"
          strokeWidth={2}
        />
        {placed.map(({ commune, offset }) => {
          const x = CENTRE + offset.east * pxPerKm;
          const y = CENTRE - offset.north * pxPerKm;
          return commune.removed ? (
            <circle
              key={commune.insee}
              cx={x}
              cy={y}
              r={dot}
              fill="var(--mantine-color-white)"
              stroke="var(--mantine-color-gray-7)"
              strokeWidth={1.5}
            />
          ) : (
            <circle key={commune.insee} cx={x} cy={y} r={dot} fill="var(--mantine-color-blue-8)" />
          );
        })}
        <rect
          x={CENTRE - 7}
          y={CENTRE - 7}
          width={14}
          height={14}
          rx={2}
          fill="var(--mantine-color-red-8)"
          stroke="var(--mantine-color-white)"
          strokeWidth={2}
        />
        <g aria-hidden="true">
          <line
            x1={MARGIN}
            x2={MARGIN + bar * pxPerKm}
            y1={SIZE - MARGIN}
            y2={SIZE - MARGIN}
            stroke="var(--mantine-color-dark-7)"
            strokeWidth={2}
          />
          <text x={MARGIN} y={SIZE - MARGIN - 6} fontSize={12} fill="var(--mantine-color-dark-7)">
            {t.scale(bar)}
          </text>
        </g>
      </svg>
      <Group gap="md" mt="xs" justify="center" aria-hidden="true">
        <Legend shape="square" color="var(--mantine-color-red-8)" label={t.legendOffice} />
        <Legend shape="ring" color="var(--mantine-color-blue-8)" label={t.legendCircle(radiusKm)} />
        <Legend shape="dot" color="var(--mantine-color-blue-8)" label={t.legendCommune} />
        {communes.some((c) => c.removed) && (
          <Legend shape="hollow" color="var(--mantine-color-gray-7)" label={t.legendRemoved} />
        )}
      </Group>
      {!exact && (
        <Text size="xs" c="dimmed" ta="center" mt={4}>
          {t.mapApproximate}
        </Text>
      )}
    </div>
  );
}

function Legend({
  shape,
  color,
  label,
}: {
  shape: 'square' | 'ring' | 'dot' | 'hollow';
  color: string;
  label: string;
}) {
  return (
    <Group gap={6} wrap="nowrap">
      <svg width={14} height={14} viewBox="0 0 14 14">
        {shape === 'square' && <rect x={1} y={1} width={12} height={12} rx={2} fill={color} />}
        {shape === 'ring' && (
          <circle cx={7} cy={7} r={5.5} fill="var(--mantine-color-blue-1)" stroke={color} strokeWidth={2} />
        )}
        {shape === 'dot' && <circle cx={7} cy={7} r={4} fill={color} />}
        {shape === 'hollow' && <circle cx={7} cy={7} r={4} fill="white" stroke={color} strokeWidth={1.5} />}
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}
