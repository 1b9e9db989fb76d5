/** The Relais mark: two arrows handing over, drawn like the app icon. */
export function Logo({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#1864ab" />
      <path d="M15 22h32" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <path
        d="M39 13l9 9-9 9"
        fill="none"
        stroke="#fff"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M49 42H17" stroke="#a5d8ff" strokeWidth="6" strokeLinecap="round" />
      <path
        d="M25 33l-9 9 9 9"
        fill="none"
        stroke="#a5d8ff"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
