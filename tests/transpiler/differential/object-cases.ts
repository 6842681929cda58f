// The "objects" case kind: a random class with integer fields built only by its constructor, static
// objects of it, static arrays of objects (literals of `new` elements and `arrayOf`), and a holder class
// whose fields embed an object, point at static objects (a named one and an element of a static array
// at a constant index) and hold an inline array of objects. The case body then assigns random wrapped
// expressions to fields reached every one of those ways, calls a method and a function taking the class
// as a parameter, sums a field over loops across the arrays, and prints every field of every static
// object at the end, so the static initializers and every access path are observable.
import fc from 'fast-check';
import type { RenderedCase } from './batch.ts';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import {
  INT_RANGE,
  INT_TYPES,
  renderInt,
  sideEffectsFromEnvironment,
  subsetArbitraries,
  type IntExpr,
  type IntType,
  type Scope,
} from './subset-generators.ts';

/** A field write: the object path (an index into the case's paths) and which field. */
interface FieldWrite {
  path: number;
  field: number;
  value: IntExpr;
}

export interface ObjectCase {
  fields: IntType[];
  /** Constructor arguments of each static object, in creation order (field values). */
  constructorArgs: number[][];
  arrayLength: number;
  arrayOfLength: number;
  /** The holder's reference into the array literal (a constant index). */
  refIndex: number;
  writes: FieldWrite[];
  /** Arguments of the method call and of the parameter function (added to field 0). */
  bump: IntExpr;
  touch: IntExpr;
  /** Which array element the method is called on and which is passed to the function. */
  bumpIndex: number;
  touchIndex: number;
}

/** Static objects a case creates: S (named), A[0..n-1] (literal), B[0..m-1] (arrayOf: all the same
 *  arguments), the holder's embedded object and its two inline array elements. */
function staticObjectCount(arrayLength: number): number {
  return 1 + arrayLength + 1 + 1 + 2;
}

export function objectCaseKind(maxExpressionDepth: number): CaseKind<ObjectCase> {
  const arbs = subsetArbitraries({
    maxDepth: maxExpressionDepth,
    sideEffects: sideEffectsFromEnvironment(),
    floats: false,
    permissive: false,
  });
  const value = (type: IntType): fc.Arbitrary<number> =>
    fc.integer({ min: INT_RANGE[type].min, max: INT_RANGE[type].max });
  const arbitrary = fc
    .record({
      fields: fc.array(fc.constantFrom(...INT_TYPES), { minLength: 1, maxLength: 3 }),
      arrayLength: fc.integer({ min: 1, max: 4 }),
      arrayOfLength: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ fields, arrayLength, arrayOfLength }) =>
      fc.record({
        fields: fc.constant(fields),
        arrayLength: fc.constant(arrayLength),
        arrayOfLength: fc.constant(arrayOfLength),
        constructorArgs: fc.array(fc.tuple(...fields.map(value)), {
          minLength: staticObjectCount(arrayLength),
          maxLength: staticObjectCount(arrayLength),
        }),
        refIndex: fc.integer({ min: 0, max: arrayLength - 1 }),
        writes: fc.array(
          fc
            .tuple(fc.nat(7), fc.nat(fields.length - 1))
            .chain(([path, field]) =>
              arbs.wrapped[fields[field]].map((v): FieldWrite => ({ path, field, value: v })),
            ),
          { minLength: 1, maxLength: 6 },
        ),
        bump: arbs.wrapped['u32'],
        touch: arbs.wrapped['u32'],
        bumpIndex: fc.integer({ min: 0, max: arrayLength - 1 }),
        touchIndex: fc.integer({ min: 0, max: arrayOfLength - 1 }),
      }),
    );
  return { name: 'objects', arbitrary, render: renderObjectCase };
}

export function renderObjectCase(c: ObjectCase): RenderedCase {
  const names = c.fields.map((_, i) => `f${i}`);
  const params = c.fields.map((t, i) => `${names[i]}: ${t}`).join(', ');
  const first = c.fields[0];
  const wrapFirst = (expr: string): string => `${first}(${expr})`;
  const args = (k: number): string => c.constructorArgs[k].map(String).join(', ');
  let next = 0;
  const take = (): number => next++;
  const named = take();
  const arrayArgs = Array.from({ length: c.arrayLength }, take);
  const arrayOfArgs = take();
  const embedded = take();
  const rowArgs = [take(), take()];

  const declarations = [
    `class P# {`,
    ...c.fields.map((t, i) => `  ${names[i]}: ${t};`),
    `  constructor(${params}) {`,
    ...names.map((n) => `    this.${n} = ${n};`),
    `  }`,
    `  bump(d: u32): void {`,
    `    this.f0 = ${wrapFirst(`this.f0 + ${first}(d)`)};`,
    `  }`,
    `}`,
    `class H# {`,
    `  inner: P# = new P#(${args(embedded)});`,
    `  row: P#[] = [new P#(${args(rowArgs[0])}), new P#(${args(rowArgs[1])})];`,
    `  named: P#;`,
    `  element: P#;`,
    `  constructor(named: P#, element: P#) {`,
    `    this.named = named;`,
    `    this.element = element;`,
    `  }`,
    `}`,
    `const S#: P# = new P#(${args(named)});`,
    `const A#: P#[] = [${arrayArgs.map((k) => `new P#(${args(k)})`).join(', ')}];`,
    `const B#: P#[] = arrayOf(${c.arrayOfLength}, () => new P#(${args(arrayOfArgs)}));`,
    `const H#_0: H# = new H#(S#, A#[${c.refIndex}]);`,
    `function touch#(p: P#, d: u32): void {`,
    `  p.f0 = ${wrapFirst(`p.f0 + ${first}(d)`)};`,
    `}`,
  ];

  // Every way the case reaches an object; writes pick among them.
  const paths = [
    'S#',
    `A#[${c.refIndex}]`,
    `A#[${c.arrayLength - 1}]`,
    `B#[${c.arrayOfLength - 1}]`,
    'H#_0.inner',
    'H#_0.row[1]',
    'H#_0.named',
    'H#_0.element',
  ];
  const scope: Record<string, string[]> = Object.fromEntries(
    Object.entries(INPUT_NAMES).map(([t, list]) => [t, [...list]]),
  );
  const body: string[] = [];
  for (const write of c.writes) {
    const target = `${paths[write.path % paths.length]}.${names[write.field]}`;
    body.push(`${target} = ${renderInt(write.value, scope as unknown as Scope)};`);
    scope[c.fields[write.field]].push(target);
  }
  body.push(`A#[${c.bumpIndex}].bump(${renderInt(c.bump, scope as unknown as Scope)});`);
  body.push(`touch#(B#[${c.touchIndex}], ${renderInt(c.touch, scope as unknown as Scope)});`);
  body.push(`let sum: u32 = 0;`);
  body.push(`for (let i: u32 = 0; i < A#.length; i++) {`, `  sum = u32(sum + u32(A#[i].f0));`, `}`);
  body.push(`for (let i: u32 = 0; i < B#.length; i++) {`, `  sum = u32(sum ^ u32(B#[i].f0));`, `}`);
  body.push(
    `for (let i: u32 = 0; i < H#_0.row.length; i++) {`,
    `  sum = u32(sum + u32(H#_0.row[i].f0));`,
    `}`,
  );
  body.push(`printU32("c#.sum", sum);`);
  const printed = [
    'S#',
    ...Array.from({ length: c.arrayLength }, (_, i) => `A#[${i}]`),
    ...Array.from({ length: c.arrayOfLength }, (_, i) => `B#[${i}]`),
    'H#_0.inner',
    'H#_0.row[0]',
    'H#_0.row[1]',
    'H#_0.named',
    'H#_0.element',
  ];
  for (const object of printed) {
    c.fields.forEach((type, i) => {
      const print = INT_RANGE[type].signed ? 'printI32' : 'printU32';
      body.push(`${print}("c#.${object.replace(/#/g, '')}.${names[i]}", ${object}.${names[i]});`);
    });
  }
  return { body, resultType: undefined, declarations };
}
