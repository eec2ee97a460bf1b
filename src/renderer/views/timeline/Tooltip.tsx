// The timeline's hover preview: a title and lines, the last one (a payload preview) styled apart.

export interface Hover {
  x: number;
  y: number;
  title: string;
  lines: string[];
}

export function Tooltip({ hover, maxX }: { hover: Hover; maxX: number }) {
  return (
    <div className="tooltip" style={{ left: Math.min(hover.x, maxX), top: hover.y }} role="tooltip">
      <strong>{hover.title}</strong>
      {hover.lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
        <div key={i} className={i === hover.lines.length - 1 ? 'preview' : undefined}>
          {l}
        </div>
      ))}
    </div>
  );
}
