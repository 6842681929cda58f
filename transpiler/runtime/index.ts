// The subset runtime: integer type aliases, conversions and intrinsics shared by every module written in
// the Bulkhead TypeScript subset. In Node these functions compute the exact semantics; the transpiler
// recognises each one by name (when imported from this module) and emits the C construct beside it.
// Nothing here may allocate, throw (except the bounds hook) or depend on host state.

/** Unsigned 8-bit integer (C `uint8_t`). Node values are always in 0..255. */
export type u8 = number;
/** Unsigned 16-bit integer (C `uint16_t`). Node values are always in 0..65535. */
export type u16 = number;
/** Unsigned 32-bit integer (C `uint32_t`). Node values are always in 0..2^32-1. */
export type u32 = number;
/** Signed 8-bit integer (C `int8_t`). */
export type i8 = number;
/** Signed 16-bit integer (C `int16_t`). */
export type i16 = number;
/** Signed 32-bit integer (C `int32_t`). */
export type i32 = number;
/** C `bool`. */
export type bool = boolean;
/** IEEE-754 single precision (C `float`); Node rounds with Math.fround. */
export type f32 = number;
/** IEEE-754 double precision (C `double`). */
export type f64 = number;

// ---- conversions: wrap to the canonical range (C: a cast) ----------------------------------------

/** Wraps to 0..255 (C: `(uint8_t)x`). */
export function u8(x: number): u8 {
  return toInt(x) & 0xff;
}
/** Wraps to 0..65535 (C: `(uint16_t)x`). */
export function u16(x: number): u16 {
  return toInt(x) & 0xffff;
}
/** Wraps to 0..2^32-1 (C: `(uint32_t)x`). */
export function u32(x: number): u32 {
  return toInt(x) >>> 0;
}
/** Wraps to -128..127 (C: `(int8_t)x`, two's complement). */
export function i8(x: number): i8 {
  return (toInt(x) << 24) >> 24;
}
/** Wraps to -32768..32767 (C: `(int16_t)x`). */
export function i16(x: number): i16 {
  return (toInt(x) << 16) >> 16;
}
/** Wraps to -2^31..2^31-1 (C: `(int32_t)x`). */
export function i32(x: number): i32 {
  return toInt(x) | 0;
}
/** Rounds to single precision (C: `(float)x`). */
export function f32(x: number): f32 {
  return Math.fround(x);
}
/** Converts to double (C: `(double)x`). */
export function f64(x: number): f64 {
  return +x;
}

/** Float-to-integer conversions truncate toward zero (C semantics for in-range values); NaN gives 0. */
function toInt(x: number): number {
  if (Number.isInteger(x)) {
    // Exact integers beyond 2^53 cannot occur in subset code; reduce modulo 2^32 without precision loss.
    return x >= -0x80000000 && x <= 0xffffffff ? x : x % 0x100000000;
  }
  if (Number.isNaN(x) || !Number.isFinite(x)) return 0;
  return Math.trunc(x) % 0x100000000;
}

// ---- arithmetic intrinsics with defined results --------------------------------------------------

/** 32-bit multiplication, low 32 bits as a signed value (Math.imul). Wrap the result with `u32()` for
 *  unsigned operands. C: `(uint32_t)a * (uint32_t)b`. */
export function mul(a: number, b: number): i32 {
  return Math.imul(a, b);
}

/** High 32 bits of the exact 64-bit signed product of two `i32` values (the RdHi of ARM's SMULL), so
 *  `mulHigh(a, b)` and `mul(a, b)` together give the whole product (fixed-point Qm.n arithmetic).
 *  C: `bh_mul_high_i32(a, b)`, `(int32_t)(((int64_t)a * b) >> 32)`. */
export function mulHigh(a: i32, b: i32): i32 {
  // Split b into 16-bit halves so every partial product is exact in a double.
  const bLow = b & 0xffff;
  const bHigh = b >> 16;
  const low = a * bLow; // |low| < 2^47
  const high = a * bHigh; // |high| < 2^47
  // a*b = high * 2^16 + low; the high word is floor(a*b / 2^32).
  const carry = Math.floor(low / 0x10000);
  return Math.floor((high + carry) / 0x10000) | 0;
}

/** Integer division truncating toward zero; division by zero gives 0 (as Cortex-R UDIV/SDIV with
 *  DIV_0_TRAP clear); INT32_MIN / -1 gives INT32_MIN (as SDIV). */
export function div(a: number, b: number): number {
  if (b === 0) return 0;
  const q = Math.trunc(a / b);
  return q === 0x80000000 && (a < 0 || b < 0) ? -0x80000000 : q + 0;
}

/** Remainder with the sign of the dividend; `rem(a, 0)` is `a`, so that `a === div(a, b) * b + rem(a, b)`
 *  always holds. */
export function rem(a: number, b: number): number {
  if (b === 0) return a;
  const r = a % b;
  return r === 0 ? 0 : r; // no negative zero
}

// ---- static arrays of objects ----------------------------------------------------------------------

/** A fixed-length array of `length` objects made by `make` (a non-capturing `() => new C()`), created
 *  once at module or field initialisation. C: a static array of `length` structs. */
export function arrayOf<T>(length: number, make: () => T): T[] {
  const items: T[] = [];
  for (let i = 0; i < length; i++) items.push(make());
  return items;
}

// ---- array bounds ----------------------------------------------------------------------------------

/** Thrown in Node where C calls `bh_bounds_fail()`: an index the transpiler could not prove in range
 *  was out of range at run time. */
export class BoundsError extends Error {
  constructor(
    readonly index: number,
    readonly length: number,
  ) {
    super(`index ${index} out of bounds for length ${length}`);
  }
}

/** Checked index: returns `index` when `0 <= index < length`, else fails (Node: throws BoundsError; C:
 *  calls the BSP hook `bh_bounds_fail()`, which does not return). The transpiler inserts this check
 *  itself where it cannot prove an index in range; code may also call it explicitly. */
export function checkIndex(index: number, length: number): number {
  if (!(index >= 0 && index < length)) throw new BoundsError(index, length);
  return index;
}

/** Checked range: returns when `start .. start + count - 1` are all indexes below `length` (computed
 *  without wrapping: `count <= length && start <= length - count`), else fails like checkIndex, naming
 *  the first index out of range. Written as a statement before a block of accesses, it lets the
 *  transpiler prove every `a[start + e]` with `0 <= e < count` that follows it, so one check covers a
 *  whole block (docs/TS-SUBSET.md §5). */
export function checkRange(start: number, count: number, length: number): void {
  if (!(count <= length && start <= length - count)) throw new BoundsError(Math.max(start, length), length);
}

// ---- byte-order loads ----------------------------------------------------------------------------------

/** Byte `at` of `bytes`, inside a window checkRange has already covered. */
function byteAt(bytes: Uint8Array, at: number): number {
  return bytes[at] ?? 0;
}

/** Big-endian 16-bit value at `bytes[index]` (C: `bh_load_u16_be`). The transpiler requires the bytes
 *  proven inside the array (a fixed length, or a checkRange before the read), so C reads them without a
 *  check; Node fails like checkRange when they are not all there. */
export function loadU16BE(bytes: Uint8Array, index: number): number {
  checkRange(index, 2, bytes.length);
  return (byteAt(bytes, index) << 8) | byteAt(bytes, index + 1);
}

/** Little-endian 16-bit value at `bytes[index]` (C: `bh_load_u16_le`). */
export function loadU16LE(bytes: Uint8Array, index: number): number {
  checkRange(index, 2, bytes.length);
  return byteAt(bytes, index) | (byteAt(bytes, index + 1) << 8);
}

/** Big-endian 32-bit value at `bytes[index]` (C: `bh_load_u32_be`). */
export function loadU32BE(bytes: Uint8Array, index: number): number {
  checkRange(index, 4, bytes.length);
  return (
    ((byteAt(bytes, index) << 24) |
      (byteAt(bytes, index + 1) << 16) |
      (byteAt(bytes, index + 2) << 8) |
      byteAt(bytes, index + 3)) >>>
    0
  );
}

/** Little-endian 32-bit value at `bytes[index]` (C: `bh_load_u32_le`). */
export function loadU32LE(bytes: Uint8Array, index: number): number {
  checkRange(index, 4, bytes.length);
  return (
    (byteAt(bytes, index) |
      (byteAt(bytes, index + 1) << 8) |
      (byteAt(bytes, index + 2) << 16) |
      (byteAt(bytes, index + 3) << 24)) >>>
    0
  );
}

// ---- memory-mapped I/O (C: volatile accesses) -------------------------------------------------------

/** Simulated device memory for Node: a sparse map from address to 32-bit word. Tests install hooks to
 *  model devices; the C side accesses real registers through `volatile` pointers. */
export interface MmioBus {
  read(address: u32, width: 8 | 16 | 32): u32;
  write(address: u32, width: 8 | 16 | 32, value: u32): void;
}

class SparseMemoryBus implements MmioBus {
  private readonly words = new Map<number, number>();
  read(address: u32, width: 8 | 16 | 32): u32 {
    const word = this.words.get(address & ~3) ?? 0;
    const shift = (address & 3) * 8;
    const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
    return ((word >>> shift) & mask) >>> 0;
  }
  write(address: u32, width: 8 | 16 | 32, value: u32): void {
    const base = address & ~3;
    const shift = (address & 3) * 8;
    const mask = width === 32 ? 0xffffffff : ((1 << width) - 1) << shift;
    const old = this.words.get(base) ?? 0;
    this.words.set(base, ((old & ~mask) | ((value << shift) & mask)) >>> 0);
  }
}

let mmioBus: MmioBus = new SparseMemoryBus();

/** Node only: replaces the simulated MMIO bus (tests and simulations). Not part of the subset. */
export function setMmioBus(bus: MmioBus): void {
  mmioBus = bus;
}

/** C: `*(volatile uint8_t *)address`. */
export function mmioRead8(address: u32): u8 {
  return mmioBus.read(address, 8) & 0xff;
}
/** C: `*(volatile uint16_t *)address`. */
export function mmioRead16(address: u32): u16 {
  return mmioBus.read(address, 16) & 0xffff;
}
/** C: `*(volatile uint32_t *)address`. */
export function mmioRead32(address: u32): u32 {
  return mmioBus.read(address, 32) >>> 0;
}
/** C: `*(volatile uint8_t *)address = value`. */
export function mmioWrite8(address: u32, value: u8): void {
  mmioBus.write(address, 8, value & 0xff);
}
/** C: `*(volatile uint16_t *)address = value`. */
export function mmioWrite16(address: u32, value: u16): void {
  mmioBus.write(address, 16, value & 0xffff);
}
/** C: `*(volatile uint32_t *)address = value`. */
export function mmioWrite32(address: u32, value: u32): void {
  mmioBus.write(address, 32, value >>> 0);
}

// ---- strings and externs ----------------------------------------------------------------------------

/** A string literal passed to C as `const char *`. The only string values in the subset: parameters of
 *  this type accept string literals (and other `cstr` parameters) and nothing else; no string
 *  operations exist. */
export type cstr = string;

// Externs are function declarations tagged with the JSDoc tag `@extern <c_symbol>` in a port-layer
// module: in Node their body is the simulation; the transpiler emits only an `extern` prototype named
// `<c_symbol>`, which the BSP implements in C. See docs/TS-SUBSET.md.
