// Configuration errors: the `ConfigError` record every check of a system description produces (a
// config path plus a message naming the offending value), the formatter that prints them, and the
// small value formatters (hex addresses, byte sizes) all messages share so they read alike.

/** One problem found in a system description. `path` locates the offending field, e.g.
 *  `vms[1].memory[0].base`; `message` says what is wrong with which value. */
export interface ConfigError {
  readonly path: string;
  readonly message: string;
}

/** `path: message` lines, one per error, preceded by a count line. Empty string for no errors. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  if (errors.length === 0) return '';
  const header = `${errors.length} configuration error${errors.length === 1 ? '' : 's'}:`;
  return [header, ...errors.map((e) => `  ${e.path}: ${e.message}`)].join('\n');
}

/** How `hex` writes a number: at least `digits` hex digits (default 8; 0 for no padding), upper case
 *  unless `lower`, then `suffix` (`u` for an unsigned C constant). */
export interface HexStyle {
  readonly digits?: number;
  readonly lower?: boolean;
  readonly suffix?: string;
}

/** A number as `0x` plus at least 8 upper-case hex digits (`0x00200000`), or as `style` says; the one
 *  hex formatter of messages and generated files. */
export function hex(value: number, style: HexStyle = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const { digits = 8, lower = false, suffix = '' } = style;
  const text = Math.abs(value).toString(16).padStart(digits, '0');
  return `${value < 0 ? '-' : ''}0x${lower ? text : text.toUpperCase()}${suffix}`;
}

/** A byte count in the largest binary unit that divides it exactly (`96 KiB`, `4 GiB`, `48 B`). */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [unit, label] of units) {
    if (bytes > 0 && bytes % unit === 0) return `${bytes / unit} ${label}`;
  }
  return `${bytes} B`;
}

/** `'name', 0x00200000..0x0020FFFF` (inclusive last byte) for messages about address ranges. */
export function describeRange(name: string, base: number, size: number): string {
  return `'${name}', ${hex(base)}..${hex(base + size - 1)}`;
}
