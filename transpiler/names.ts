// C naming for the generated code: snake_case conversion, module prefixes, enum member names and
// escaping of C keywords. Every C identifier the emitter writes comes from here, so the naming rules
// live in one place (docs/TS-SUBSET.md §1).

const C_KEYWORDS = new Set([
  'auto',
  'break',
  'case',
  'char',
  'const',
  'continue',
  'default',
  'do',
  'double',
  'else',
  'enum',
  'extern',
  'float',
  'for',
  'goto',
  'if',
  'inline',
  'int',
  'long',
  'register',
  'restrict',
  'return',
  'short',
  'signed',
  'sizeof',
  'static',
  'struct',
  'switch',
  'typedef',
  'union',
  'unsigned',
  'void',
  'volatile',
  'while',
  'bool',
  'true',
  'false',
  'self',
  'main',
  'NULL',
  'asm',
  'offsetof',
  'int8_t',
  'int16_t',
  'int32_t',
  'int64_t',
  'uint8_t',
  'uint16_t',
  'uint32_t',
  'uint64_t',
  'size_t',
]);

/** `pushByte` → `push_byte`, `ring-buffer` → `ring_buffer`, `CRC32Table` → `crc32_table`. */
export function snakeCase(name: string): string {
  return name
    .replace(/[-.\s]+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** `READY` / `Ready` / `readyState` → `READY` / `READY` / `READY_STATE`. */
export function upperSnakeCase(name: string): string {
  return snakeCase(name).toUpperCase();
}

/** A local C identifier for a TS local name (parameters, locals): snake_case, keywords escaped. */
export function localName(name: string): string {
  const snake = snakeCase(name);
  const base = snake === '' ? 'v' : snake;
  return C_KEYWORDS.has(base) || /^bh_/.test(base) || /^[0-9]/.test(base) ? `${base}_` : base;
}

/** Joins a module prefix and a declaration name: `ring_buffer` + `pushByte` → `ring_buffer_push_byte`. */
export function prefixed(prefix: string, name: string): string {
  return `${prefix}_${snakeCase(name)}`;
}

/** Struct and enum tags: like `prefixed`, but a type named like its module (`RingBuffer` in
 *  `ring-buffer.ts`) is just the prefix (`struct ring_buffer`). Tags live in their own C namespace. */
export function prefixedTag(prefix: string, name: string): string {
  const snake = snakeCase(name);
  return snake === prefix ? prefix : `${prefix}_${snake}`;
}

/** A struct member name: snake_case, keywords escaped (same rule as locals). */
export function fieldName(name: string): string {
  return localName(name);
}
