// What every check of the system validator shares: the ErrorSink that collects the problems of one
// description, and the field checks (integers, names, duplicates, lists) that report through it.
import type { ConfigError } from './errors.ts';
import { MAX_NAME_LENGTH, NAME_PATTERN } from './limits.ts';

/** Collects errors; every check reports through it. */
export class ErrorSink {
  readonly errors: ConfigError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  return JSON.stringify(value) ?? 'an unprintable value';
}

/** `Array.isArray` that keeps the element type of a readonly array (the built-in guard narrows
 *  `readonly T[]` to `any[]`). */
export function isList<T>(value: readonly T[] | undefined): value is readonly T[] {
  return Array.isArray(value);
}

/** Reports unless `value` is an integer in `[min, max]`; returns whether it is. */
export function checkInteger(
  sink: ErrorSink,
  path: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    sink.add(path, `${what} must be an integer (got ${show(value)})`);
    return false;
  }
  if (value < min || value > max) {
    sink.add(path, `${what} ${value} is outside ${min}..${max}`);
    return false;
  }
  return true;
}

/** Reports unless `value` is a valid name; returns whether it is. */
export function checkName(sink: ErrorSink, path: string, value: unknown, what: string): value is string {
  if (typeof value !== 'string' || value.length === 0) {
    sink.add(path, `${what} name must be a non-empty string (got ${show(value)})`);
    return false;
  }
  if (value.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(value)) {
    sink.add(path, `${what} name '${value}' must be 1..${MAX_NAME_LENGTH} letters, digits, '_', '-' or '.'`);
    return false;
  }
  return true;
}

/** Reports duplicates among `names` (by first occurrence). */
export function checkUnique(
  sink: ErrorSink,
  names: readonly unknown[],
  pathOf: (index: number) => string,
  what: string,
): void {
  const firstIndex = new Map<unknown, number>();
  names.forEach((name, index) => {
    if (typeof name !== 'string' || name.length === 0) return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else sink.add(pathOf(index), `duplicate ${what} name '${name}' (also ${pathOf(first)})`);
  });
}

/** Reports unless `value` is an array; returns it or an empty array. */
export function arrayAt<T>(sink: ErrorSink, path: string, value: readonly T[] | undefined): readonly T[] {
  if (isList(value)) return value;
  sink.add(path, `must be a list (got ${show(value)})`);
  return [];
}

export function rangesOverlap(aBase: number, aSize: number, bBase: number, bSize: number): boolean {
  return aBase < bBase + bSize && bBase < aBase + aSize;
}
