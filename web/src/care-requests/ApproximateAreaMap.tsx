import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { distanceM, formatDistance } from './format.ts';

const t = frCareRequests.map;

interface LatLon {
  lat: number;
  lon: number;
}

interface ApproximateAreaMapProps {
  area: { centre: LatLon; radiusM: number };
  communeName: string;
  /** The viewer's office, drawn for scale when near enough. */
  office?: LatLon | null;
}

const W = 320;
const H = 180;
const PAD = 22;
/** Past this distance the office would squash the circle into a dot: it is named in words only. */
const OFFICE_MAX_M = 40_000;
const NICE_STEPS = [200, 500, 1000, 2000, 5000, 10_000, 20_000];
/** "Votre cabinet" at 11 px, about this wide. */
const OFFICE_LABEL_W = 76;

/** Metres east/north of `origin` (an equirectangular projection: exact enough over a few km). */
function project(point: LatLon, origin: LatLon): { x: number; y: number } {
  const rad = Math.PI / 180;
  return {
    x: (point.lon - origin.lon) * 111_320 * Math.cos(origin.lat * rad),
    y: (point.lat - origin.lat) * 110_574,
  };
}

/**
 * D10 — the only location a pool professional gets: a fixed cell of ≥ 1 km, drawn as a circle on a plain grid
 * (no tile server: nothing leaves the app, and it renders offline). The viewer's office gives the scale.
 */
export function ApproximateAreaMap({ area, communeName, office }: ApproximateAreaMapProps) {
  const r = Math.max(area.radiusM, 1);
  const officeDistance = office ? distanceM(office, area.centre) : null;
  const officePoint =
    office && officeDistance !== null && officeDistance <= OFFICE_MAX_M ? project(office, area.centre) : null;

  // The extent: the circle with a margin, and the office when drawn.
  let minX = -r * 1.6;
  let maxX = r * 1.6;
  let minY = -r * 1.6;
  let maxY = r * 1.6;
  if (officePoint) {
    minX = Math.min(minX, officePoint.x - r * 0.4);
    maxX = Math.max(maxX, officePoint.x + r * 0.4);
    minY = Math.min(minY, officePoint.y - r * 0.4);
    maxY = Math.max(maxY, officePoint.y + r * 0.4);
  }
  const scale = Math.min((W - 2 * PAD) / (maxX - minX), (H - 2 * PAD) / (maxY - minY));
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  const toSvg = (p: { x: number; y: number }) => ({
    x: W / 2 + (p.x - midX) * scale,
    y: H / 2 - (p.y - midY) * scale,
  });
  const centre = toSvg({ x: 0, y: 0 });
  const radius = r * scale;
  const officeSvg = officePoint ? toSvg(officePoint) : null;

  // A grid step of about a fifth of the width, also the length of the scale bar.
  const widthM = W / scale;
  const step = NICE_STEPS.find((s) => s >= widthM / 6) ?? NICE_STEPS[NICE_STEPS.length - 1] ?? 1000;
  const stepPx = step * scale;
  const gridX: number[] = [];
  const gridY: number[] = [];
  for (let x = centre.x % stepPx; x < W; x += stepPx) gridX.push(x);
  for (let y = centre.y % stepPx; y < H; y += stepPx) gridY.push(y);

  // Labels: the office's under its mark (over it near the bottom edge); the commune's above the circle, else
  // below it, else inside — wherever it overlaps neither the office nor the edges.
  const officeLabel = officeSvg
    ? {
        x: Math.min(W - 4 - OFFICE_LABEL_W / 2, Math.max(4 + OFFICE_LABEL_W / 2, officeSvg.x)),
        y: officeSvg.y + (officeSvg.y > H - 30 ? -11 : 20),
      }
    : null;
  const communeW = communeName.length * 7.6;
  const communeX = Math.min(W - 6 - communeW / 2, Math.max(6 + communeW / 2, centre.x));
  const candidates = [centre.y - radius - 7, centre.y + radius + 17, centre.y + 4];
  const overlaps = (y: number) => {
    if (y < 14 || y > H - 24) return true;
    if (!officeSvg || !officeLabel) return false;
    const boxes = [
      { x: officeSvg.x, y: officeSvg.y + 4, w: 14 },
      { x: officeLabel.x, y: officeLabel.y, w: OFFICE_LABEL_W },
    ];
    return boxes.some((b) => Math.abs(b.y - y) < 16 && Math.abs(b.x - communeX) < (b.w + communeW) / 2);
  };
  const communeY = candidates.find((y) => !overlaps(y)) ?? centre.y + 4;
  // The dashed line from the office stops at the circle's edge, where the area begins.
  const officeGap = officeSvg ? Math.hypot(officeSvg.x - centre.x, officeSvg.y - centre.y) : 0;
  const lineEnd =
    officeSvg && officeGap > radius
      ? {
          x: centre.x + ((officeSvg.x - centre.x) * radius) / officeGap,
          y: centre.y + ((officeSvg.y - centre.y) * radius) / officeGap,
        }
      : null;

  const radiusText = formatDistance(r);
  const distanceText = officeDistance === null ? null : formatDistance(officeDistance);
  const label =
    distanceText === null
      ? t.label(communeName, radiusText)
      : t.labelWithOffice(communeName, radiusText, distanceText);
  const halo = { paintOrder: 'stroke', stroke: '#fff', strokeWidth: 4, strokeLinejoin: 'round' } as const;

  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={label}
      style={{ display: 'block', borderRadius: 8, border: '1px solid var(--mantine-color-gray-4)' }}
    >
      <rect width={W} height={H} fill="#f1f3f5" />
      {gridX.map((x) => (
        <line key={`x${x}`} x1={x} x2={x} y1={0} y2={H} stroke="#dee2e6" strokeWidth={1} />
      ))}
      {gridY.map((y) => (
        <line key={`y${y}`} x1={0} x2={W} y1={y} y2={y} stroke="#dee2e6" strokeWidth={1} />
      ))}
      {officeSvg && lineEnd && (
        <line
          x1={officeSvg.x}
          y1={officeSvg.y}
          x2={lineEnd.x}
          y2={lineEnd.y}
          stroke="#495057"
          strokeWidth={1.5}
          strokeDasharray="4 4"
        />
      )}
      <circle
        cx={centre.x}
        cy={centre.y}
        r={radius}
        fill="rgba(24, 100, 171, 0.22)"
        stroke="#1864ab"
        strokeWidth={2}
      />
      <text
        x={communeX}
        y={communeY}
        textAnchor="middle"
        fontSize={13}
        fontWeight={700}
        fill="#0b3d6b"
        style={halo}
      >
        {communeName}
      </text>
      {officeSvg && officeLabel && (
        <g>
          <rect x={officeSvg.x - 6} y={officeSvg.y - 6} width={12} height={12} rx={2} fill="#212529" />
          <text
            x={officeLabel.x}
            y={officeLabel.y}
            textAnchor="middle"
            fontSize={11}
            fill="#212529"
            style={halo}
          >
            {t.office}
          </text>
        </g>
      )}
      <g transform={`translate(${W - 18}, 16)`} aria-hidden="true">
        <path d="M0 -8 L5 6 L0 3 L-5 6 Z" fill="#495057" />
        <text y={18} textAnchor="middle" fontSize={10} fontWeight={700} fill="#495057">
          {t.north}
        </text>
      </g>
      <g transform={`translate(10, ${H - 12})`}>
        <path d={`M0 -5 V0 H${stepPx} V-5`} fill="none" stroke="#212529" strokeWidth={1.5} />
        <text x={stepPx + 6} y={1} fontSize={11} fill="#212529" style={halo}>
          {formatDistance(step)}
        </text>
      </g>
    </svg>
  );
}
