// The subset's type model: the types a declaration or an expression can have after resolution, their
// canonical integer ranges, their display names, and what typing records for an expression (its type
// and the interval of its JavaScript values). Pure data and helpers, no TypeScript checker use.
import type ts from 'typescript';

export type IntName = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32';
export type FloatName = 'f32' | 'f64';

export type SubsetType =
  | { kind: 'int'; name: IntName }
  | { kind: 'float'; name: FloatName }
  | { kind: 'bool' }
  | { kind: 'cstr' }
  | { kind: 'void' }
  | { kind: 'null' }
  /** An integer or float constant that has not met a typed operand yet. */
  | { kind: 'literal'; value: number }
  | { kind: 'class'; decl: ts.ClassDeclaration; nullable: boolean }
  | { kind: 'enum'; decl: ts.EnumDeclaration }
  | { kind: 'interface'; decl: ts.InterfaceDeclaration }
  /** A fixed array; `length` is null when only known at run time (parameters, const-data fields). */
  | { kind: 'array'; element: SubsetType; length: number | null; readonly: boolean };

export const INT_NAMES: readonly IntName[] = ['u8', 'u16', 'u32', 'i8', 'i16', 'i32'];

export interface IntInfo {
  bits: 8 | 16 | 32;
  signed: boolean;
  min: number;
  max: number;
  ctype: string;
}

export const INT_INFO: Record<IntName, IntInfo> = {
  u8: { bits: 8, signed: false, min: 0, max: 0xff, ctype: 'uint8_t' },
  u16: { bits: 16, signed: false, min: 0, max: 0xffff, ctype: 'uint16_t' },
  u32: { bits: 32, signed: false, min: 0, max: 0xffffffff, ctype: 'uint32_t' },
  i8: { bits: 8, signed: true, min: -0x80, max: 0x7f, ctype: 'int8_t' },
  i16: { bits: 16, signed: true, min: -0x8000, max: 0x7fff, ctype: 'int16_t' },
  i32: { bits: 32, signed: true, min: -0x80000000, max: 0x7fffffff, ctype: 'int32_t' },
};

export const TYPED_ARRAYS: Record<string, SubsetType> = {
  Uint8Array: { kind: 'int', name: 'u8' },
  Uint16Array: { kind: 'int', name: 'u16' },
  Uint32Array: { kind: 'int', name: 'u32' },
  Int8Array: { kind: 'int', name: 'i8' },
  Int16Array: { kind: 'int', name: 'i16' },
  Int32Array: { kind: 'int', name: 'i32' },
  Float32Array: { kind: 'float', name: 'f32' },
  Float64Array: { kind: 'float', name: 'f64' },
};

export const INT = (name: IntName): SubsetType => ({ kind: 'int', name });
export const BOOL: SubsetType = { kind: 'bool' };
export const VOID: SubsetType = { kind: 'void' };
export const NULL: SubsetType = { kind: 'null' };
export const CSTR: SubsetType = { kind: 'cstr' };
export const F32: SubsetType = { kind: 'float', name: 'f32' };
export const F64: SubsetType = { kind: 'float', name: 'f64' };

/** Display name used in diagnostics. */
export function typeName(type: SubsetType): string {
  switch (type.kind) {
    case 'int':
    case 'float':
      return type.name;
    case 'bool':
      return 'bool';
    case 'cstr':
      return 'cstr';
    case 'void':
      return 'void';
    case 'null':
      return 'null';
    case 'literal':
      return `constant ${type.value}`;
    case 'class':
      return (type.decl.name?.text ?? 'class') + (type.nullable ? ' | null' : '');
    case 'enum':
      return type.decl.name.text;
    case 'interface':
      return type.decl.name.text;
    case 'array':
      return `${typeName(type.element)}[${type.length ?? ''}]`;
  }
}

export function sameType(a: SubsetType, b: SubsetType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'float':
      return a.name === (b as typeof a).name;
    case 'literal':
      return a.value === (b as typeof a).value;
    case 'class':
      return a.decl === (b as typeof a).decl && a.nullable === (b as typeof a).nullable;
    case 'enum':
    case 'interface':
      return a.decl === (b as typeof a).decl;
    case 'array': {
      const other = b as typeof a;
      return (
        sameType(a.element, other.element) &&
        (a.length === null || other.length === null || a.length === other.length)
      );
    }
    default:
      return true;
  }
}

/** True when every value of `from` is a value of `to` (implicit, value-preserving widening). */
export function widensTo(from: IntName, to: IntName): boolean {
  const a = INT_INFO[from];
  const b = INT_INFO[to];
  return b.min <= a.min && a.max <= b.max;
}

/** What typing knows about one expression. */
export interface ExprInfo {
  type: SubsetType;
  /** Interval of the JavaScript value (integers and integer constants). */
  min: number;
  max: number;
  /** The value can leave the canonical range of `type` (must be wrapped by a conversion). */
  unwrapped: boolean;
  /** Folded constant value, when the expression is constant. */
  constant?: number;
  /** For loop indexes bounded by an array's length: the key of that array. */
  boundedBy?: string;
  /** True when the expression is a string literal. */
  stringLiteral?: boolean;
}
