/** The Relais mark: two arrows handing over, drawn like the app icon. */
export function Logo({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#1864ab" />
      <path d="M14 26h28" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <path
        d="M36 16l10 10-10 10"
        fill="none"
        stroke="#fff"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M50 40H22" stroke="#a5d8ff" strokeWidth="6" strokeLinecap="round" />
      <path
        d="M28 30L18 40l10 10"
        fill="none"
        stroke="#a5d8ff"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
