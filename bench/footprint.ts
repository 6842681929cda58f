// Footprint benchmark: bytes of the hypervisor alone, read from the GNU ld map of an image. Output
// sections are classified by name: `.vectors` and `.text` are text; `.rodata` and `.ARM.exidx` are rodata;
// `.data` is data; `.bss` is bss. `.stacks` (the per-mode stacks) and `.partition*` (guest images and
// their pristine copies) are not the hypervisor and are left out. Per module: the text + rodata of each
// object file's input sections, the core's unit split by symbol prefix (linker padding `*fill*` is
// counted in the totals only). RAM per additional
// VM: data + bss of the two-VM variant minus that of the one-VM system (bench/systems.ts). On mps3-an536
// the same two systems are moved to the board (retargetSystem) and measured alike.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

import type { BuiltSystem } from '../cli/build/system.ts';
import {
  buildOneVm,
  buildTwoVm,
  DEFAULT_BENCH_BOARD,
  hypervisorSources,
  moduleOfSource,
  type BenchBoard,
} from './systems.ts';

export type SizeClass = 'text' | 'rodata' | 'data' | 'bss';

export interface SectionTotals {
  text: number;
  rodata: number;
  data: number;
  bss: number;
}

export interface Footprint extends SectionTotals {
  /** text + rodata per object file (module), largest first. */
  perModule: { module: string; text: number; rodata: number }[];
  /** data + bss added by one more VM. */
  ramPerVm: number;
}

const CLASS_OF_SECTION: Record<string, SizeClass> = {
  '.vectors': 'text',
  '.text': 'text',
  '.rodata': 'rodata',
  '.ARM.exidx': 'rodata',
  '.data': 'data',
  '.bss': 'bss',
};

/** Output sections that are not the hypervisor's own bytes. */
function isExcluded(section: string): boolean {
  return section === '.stacks' || section.startsWith('.partition');
}

export interface MapSizes {
  totals: SectionTotals;
  perModule: Map<string, SectionTotals>;
  /** Allocated output sections the map holds that are neither classified nor excluded. */
  unclassified: string[];
}

/**
 * Module name of an object path in the map: `hv-obj/<i>_<name>.o` is the i-th hypervisor source
 * (`sources[i]`, named by `nameOf`); an archive member `libgcc.a(_udivsi3.o)` and any other object keep
 * their file name.
 */
export function moduleName(
  objectPath: string,
  sources: readonly string[],
  nameOf: (source: string, inputSection: string) => string,
  inputSection = '',
): string {
  const file = basename(objectPath);
  const indexed = /^(\d+)_.*\.o$/.exec(file);
  if (indexed !== null && basename(dirname(objectPath)) === 'hv-obj') {
    const source = sources[Number(indexed[1])];
    if (source === undefined)
      throw new Error(`footprint: object ${objectPath} has no source at index ${indexed[1]}`);
    return nameOf(source, inputSection);
  }
  // buildImage names the objects of a spec's own sources after their flattened path (`a__b__x_c.o`).
  const flattened = /^(.*)_(c|S)\.o$/.exec(file.split('__').pop() ?? file);
  if (flattened !== null && basename(dirname(objectPath)) === 'obj')
    return `${flattened[1]}.${flattened[2]} (generated)`;
  return file.replace(/\.o$/, '');
}

const HEX = '0x[0-9a-fA-F]+';
const OUTPUT_SECTION = new RegExp(`^(\\.[^\\s]+)(?:\\s+(${HEX})\\s+(${HEX}))?\\s*$`);
const INPUT_SECTION = new RegExp(`^ (\\S+)(?:\\s+(${HEX})\\s+(${HEX})\\s+(.+))?$`);
const CONTINUATION = new RegExp(`^\\s+(${HEX})\\s+(${HEX})\\s+(.+)$`);

/** Parses the "Linker script and memory map" part of a GNU ld map file. */
export function parseMap(
  mapText: string,
  sources: readonly string[] = [],
  nameOf: (source: string, inputSection: string) => string = (s) => s,
): MapSizes {
  const start = mapText.indexOf('Linker script and memory map');
  if (start < 0) throw new Error('not a GNU ld map file: no "Linker script and memory map" part');
  const lines = mapText.slice(start).split('\n');
  const totals: SectionTotals = { text: 0, rodata: 0, data: 0, bss: 0 };
  const perModule = new Map<string, SectionTotals>();
  const unclassified: string[] = [];
  let current: SizeClass | undefined;
  let pendingOutput: string | undefined;
  let pendingInput: string | undefined;
  const addInput = (size: number, object: string, inputName: string): void => {
    if (current === undefined || size === 0 || inputName === '*fill*') return;
    const module = moduleName(object.trim(), sources, nameOf, inputName);
    const entry = perModule.get(module) ?? { text: 0, rodata: 0, data: 0, bss: 0 };
    entry[current] += size;
    perModule.set(module, entry);
  };
  const openOutput = (name: string, size: number): void => {
    const cls = CLASS_OF_SECTION[name];
    current = cls;
    if (cls !== undefined) totals[cls] += size;
    else if (
      !isExcluded(name) &&
      size > 0 &&
      !name.startsWith('.debug') &&
      !name.startsWith('.ARM.attributes') &&
      name !== '.comment'
    ) {
      unclassified.push(name);
    }
  };
  for (const line of lines) {
    if (pendingOutput !== undefined) {
      const cont = CONTINUATION.exec(line);
      const m = /^\s+(0x[0-9a-fA-F]+)\s+(0x[0-9a-fA-F]+)\s*$/.exec(line);
      if (m !== null) openOutput(pendingOutput, parseInt(m[2], 16));
      else if (cont === null) openOutput(pendingOutput, 0);
      pendingOutput = undefined;
      continue;
    }
    if (pendingInput !== undefined) {
      const cont = CONTINUATION.exec(line);
      if (cont !== null) addInput(parseInt(cont[2], 16), cont[3], pendingInput);
      pendingInput = undefined;
      continue;
    }
    if (line.startsWith('.')) {
      const m = OUTPUT_SECTION.exec(line);
      if (m === null) continue;
      if (m[2] === undefined) pendingOutput = m[1]!;
      else openOutput(m[1], parseInt(m[3], 16));
      continue;
    }
    if (line.startsWith('/DISCARD/') || line.startsWith('OUTPUT(')) {
      current = undefined;
      continue;
    }
    const input = INPUT_SECTION.exec(line);
    if (input === null) continue;
    const name = input[1];
    if (!name.startsWith('.') && name !== 'COMMON') continue;
    if (input[2] === undefined) pendingInput = name;
    else addInput(parseInt(input[3], 16), input[4], name);
  }
  return { totals, perModule, unclassified };
}

/** Section-name prefixes of one function or object under `-ffunction-sections`. */
const SYMBOL_SECTION = /^\.(?:text(?:\.unlikely|\.startup|\.hot)?|rodata(?:\.str1\.\d+)?|data|bss)\.(.+)$/;

/**
 * Module of an input section of the core, which is compiled as one unit (`bulkhead-core.c`, see
 * cli/build/system.ts): every symbol of the subset's output carries its module's prefix (`trace_...`
 * from `trace.c`), so a function's section names its module (the longest matching prefix); data
 * without a per-symbol section is the core's shared data. Other sources keep their own name.
 */
export function coreModuleOf(
  built: BuiltSystem,
  source: string,
  inputSection: string,
  modulePrefixes: readonly string[],
): string {
  if (basename(source) !== CORE_UNIT) return moduleOfSource(built, source);
  const symbol = SYMBOL_SECTION.exec(inputSection)?.[1];
  const prefix =
    symbol === undefined
      ? undefined
      : modulePrefixes.filter((p) => symbol.startsWith(`${p}_`)).sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? 'core/ (shared data, one unit)' : `core/${prefix}.c`;
}

/** Module prefixes of the transpiled core of `built`: its generated `.c` files but the unit. */
function corePrefixes(built: BuiltSystem): string[] {
  return readdirSync(built.cDir)
    .filter((file) => file.endsWith('.c') && file !== CORE_UNIT && file !== 'image-glue.c')
    .map((file) => file.slice(0, -2));
}

/** The file name of the core's single unit. */
const CORE_UNIT = 'bulkhead-core.c';

/** Builds the one- and two-VM systems and measures them (see the file header). */
export async function measureFootprint(board: BenchBoard = DEFAULT_BENCH_BOARD): Promise<Footprint> {
  const sizesOf = (built: BuiltSystem): MapSizes => {
    const prefixes = corePrefixes(built);
    return parseMap(readFileSync(built.map, 'utf8'), hypervisorSources(built, board), (s, section) =>
      coreModuleOf(built, s, section, prefixes),
    );
  };
  const oneSizes = sizesOf(await buildOneVm(board));
  const twoSizes = sizesOf(await buildTwoVm(board));
  for (const sizes of [oneSizes, twoSizes]) {
    if (sizes.unclassified.length > 0) {
      throw new Error(
        `footprint: allocated output sections of unknown kind in the map: ${sizes.unclassified.join(', ')}`,
      );
    }
  }
  const perModule = [...oneSizes.perModule.entries()]
    .map(([module, s]) => ({ module, text: s.text, rodata: s.rodata }))
    .filter((m) => m.text + m.rodata > 0)
    .sort((a, b) => b.text + b.rodata - (a.text + a.rodata) || a.module.localeCompare(b.module));
  const ram = (t: SectionTotals): number => t.data + t.bss;
  return {
    ...oneSizes.totals,
    perModule,
    ramPerVm: ram(twoSizes.totals) - ram(oneSizes.totals),
  };
}
