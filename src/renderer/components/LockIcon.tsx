// A padlock drawn inline (an emoji needs a colour-emoji font, which many Linux desktops lack).

export function LockIcon({ open = false }: { open?: boolean }) {
  return (
    <svg
      className="lock-icon"
      width="0.8em"
      height="0.9em"
      viewBox="0 0 16 18"
      aria-hidden="true"
      style={{ verticalAlign: '-0.1em', marginRight: '0.25em' }}
    >
      <path
        d={open ? 'M4 8V5a4 4 0 0 1 7.5-2' : 'M4 8V5a4 4 0 0 1 8 0v3'}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      />
      <rect x="1" y="8" width="14" height="10" rx="2" fill="currentColor" />
    </svg>
  );
}
