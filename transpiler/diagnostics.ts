// The one table of subset diagnostics: every code the transpiler, the CLI and the editor plugin can
// report, with its message template. Codes are stable (never renumbered, never reused); messages use
// `{0}`, `{1}`… placeholders filled by `formatMessage`. Ranges:
//   BH10xx syntax outside the subset      BH11xx types
//   BH12xx the wrapping rule              BH13xx arrays and bounds
//   BH14xx functions, recursion, closures BH15xx classes, objects, heap
//   BH16xx strings, externs, imports, names
import ts from 'typescript';

export type DiagnosticCategory = 'error' | 'warning';

export interface DiagnosticDefinition {
  readonly code: string;
  readonly category: DiagnosticCategory;
  readonly message: string;
}

function def(code: string, message: string, category: DiagnosticCategory = 'error'): DiagnosticDefinition {
  return { code, category, message };
}

/** Every diagnostic, keyed by a name the rule code uses. */
export const Diagnostics = {
  // ---- BH10xx: syntax outside the subset ------------------------------------------------------------
  UnsupportedSyntax: def('BH1001', "'{0}' is not part of the subset."),
  VarDeclaration: def('BH1002', "'var' is not part of the subset: use 'let' or 'const'."),
  Exceptions: def('BH1003', "Exceptions ('{0}') are not part of the subset: return a status value instead."),
  AsyncCode: def(
    'BH1004',
    "'{0}' is not part of the subset: code runs to completion, there is no event loop.",
  ),
  Generator: def('BH1005', 'Generators are not part of the subset.'),
  LabeledStatement: def('BH1006', 'Labelled statements are not part of the subset.'),
  Destructuring: def('BH1007', 'Destructuring is not part of the subset: read each field explicitly.'),
  Spread: def('BH1008', 'Spread syntax is not part of the subset.'),
  OptionalChaining: def(
    'BH1009',
    "Optional chaining ('?.', '??') is not part of the subset: test for null explicitly.",
  ),
  LooseEquality: def('BH1010', "'{0}' is not part of the subset: use '{1}'."),
  ReflectiveOperator: def('BH1011', "The '{0}' operator is not part of the subset."),
  DynamicGlobal: def('BH1012', "'{0}' is not part of the subset."),
  TemplateLiteral: def(
    'BH1013',
    'Template literals are string operations, which are not part of the subset.',
  ),
  IncrementOutsideFor: def(
    'BH1014',
    "'{0}' is allowed only as the update of a 'for' loop (i < bound, the bound within i's type); elsewhere write 'i = {1}(i + 1)'.",
  ),
  ForIn: def(
    'BH1015',
    "'for...in' is not part of the subset: iterate with an index or 'for...of' over a fixed array.",
  ),
  SwitchFallthrough: def('BH1016', "A non-empty 'case' must end with 'break', 'return' or 'continue'."),
  NonConstantCase: def('BH1017', "A 'case' label must be an integer constant or an enum member."),
  CommaOperator: def('BH1018', 'The comma operator is not part of the subset.'),
  RegularExpression: def('BH1019', 'Regular expressions are not part of the subset.'),
  UnsupportedTopLevel: def(
    'BH1020',
    'This top-level statement is not part of the subset: a module may declare imports, enums, interfaces, classes, functions and variables only.',
  ),
  AssignmentAsExpression: def(
    'BH1021',
    'An assignment is a statement in the subset: it cannot be used as a value.',
  ),
  UnsupportedStatement: def('BH1022', "The '{0}' statement is not part of the subset."),
  ExpressionStatement: def(
    'BH1023',
    'This expression statement has no effect or is not part of the subset: only calls and assignments are statements.',
  ),
  SwitchDefaultPosition: def('BH1024', "'default' must be the last clause of a 'switch'."),

  // ---- BH11xx: types --------------------------------------------------------------------------------
  AnyType: def('BH1101', "'any' is not part of the subset: give the value a subset type."),
  UnknownType: def('BH1102', "'unknown' is not part of the subset: give the value a subset type."),
  NumberType: def(
    'BH1103',
    "'number' is not a subset type: say which one (u8, u16, u32, i8, i16, i32, f32, f64).",
  ),
  MissingAnnotation: def('BH1104', "'{0}' needs a type annotation."),
  UnsupportedType: def('BH1105', "The type '{0}' is not part of the subset."),
  MixedSignedness: def(
    'BH1106',
    "Operands of '{0}' mix signed and unsigned types ({1} and {2}): convert one side explicitly.",
  ),
  MixedIntFloat: def('BH1107', "Operands of '{0}' mix types {1} and {2}: convert one side explicitly."),
  LiteralOutOfRange: def('BH1108', 'The constant {0} does not fit in {1}.'),
  ConditionNotBool: def(
    'BH1109',
    "A condition must have type 'bool' (got {0}): write the comparison explicitly, e.g. 'x !== 0' or 'p !== null'.",
  ),
  TypeMismatch: def('BH1110', 'A value of type {0} cannot be used where {1} is expected{2}.'),
  EnumArithmetic: def(
    'BH1111',
    "Enum values are not integers: '{0}' needs integer operands; convert with u32(e).",
  ),
  UnsupportedUnion: def('BH1112', "Union types other than 'C | null' are not part of the subset."),
  OperandKind: def('BH1113', "The operator '{0}' does not accept an operand of type {1}."),
  FloatLiteralInIntegerContext: def('BH1114', 'The non-integer constant {0} cannot be used as {1}.'),
  NullToNonNullable: def('BH1115', "'null' can be used only where the type is 'C | null'."),
  UntypedExpression: def('BH1116', 'The type of this expression is not a subset type ({0}).'),
  EnumFromInteger: def(
    'BH1117',
    'An integer cannot be converted to an enum: compare it with the enum members in a switch.',
  ),
  ConstantNotFolded: def(
    'BH1118',
    "The initializer of '{0}' must be a constant expression: static storage is initialised before any code runs.",
  ),

  // ---- BH12xx: the wrapping rule --------------------------------------------------------------------
  Unwrapped: def(
    'BH1201',
    'This {0} expression can leave the range of {1} in JavaScript: wrap it in {2}(...).',
  ),
  WideMultiply: def(
    'BH1202',
    "The product of {0} operands can exceed 2^53 and lose precision in JavaScript: use 'mul(a, b)'.",
  ),
  DivisionOperator: def(
    'BH1203',
    "'{0}' is not allowed on integers: use '{1}(a, b)' (defined for zero divisors).",
  ),
  UnsignedShiftOfSigned: def(
    'BH1204',
    "'>>>' on the signed type {0}: convert the operand to an unsigned type first.",
  ),
  SignedShiftOfUnsigned: def('BH1205', "'>>' on the unsigned type {0}: use '>>>'."),
  NegateUnsigned: def('BH1206', "Unary '-' on the unsigned type {0}: write '{0}(0 - x)'."),
  CompoundUnwrapped: def('BH1207', "'{0}' on {1} can leave the range of {1}: write 'x = {1}(x {2} y)'."),
  FloatUnwrapped: def(
    'BH1208',
    'f32 arithmetic is computed in double precision by JavaScript: wrap it in f32(...).',
  ),
  ConversionArgument: def('BH1209', 'A conversion to {0} does not accept a value of type {1}.'),
  PrecisionLoss: def(
    'BH1210',
    'This expression can exceed 2^53 in JavaScript and lose precision: wrap intermediate results.',
  ),

  // ---- BH13xx: arrays and bounds --------------------------------------------------------------------
  UnprovenIndex: def(
    'BH1301',
    "The index cannot be proven below the length {0}: write '{1}[checkIndex({2}, {1}.length)]'.",
  ),
  ConstantIndexOutOfRange: def('BH1302', 'The constant index {0} is out of range for length {1}.'),
  DynamicArrayMethod: def(
    'BH1303',
    "'{0}' changes or copies an array: arrays have a fixed length in the subset.",
  ),
  ArrayLengthNotConstant: def('BH1304', 'The length of this array must be a constant expression.'),
  IndexNotUnsigned: def('BH1305', 'An index must have an unsigned integer type (got {0}).'),
  UnsupportedArrayCreation: def(
    'BH1306',
    "Arrays are created only as 'new Uint8Array(N)' (and the other typed arrays), literals of fixed length (at least one element; of constants, inside a function), or 'arrayOf(N, () => new C())' (at module level).",
  ),
  UnsupportedElementType: def('BH1307', 'Arrays of {0} are not part of the subset.'),
  ArrayMember: def('BH1308', "'{0}' is not available on fixed arrays: only 'length' and indexing."),
  ArrayAssignment: def('BH1309', 'Arrays cannot be assigned as a whole: copy the elements in a loop.'),
  CheckIndexLength: def('BH1310', "checkIndex's second argument must be '{0}.length' of the indexed array."),
  UnprovenWindow: def(
    'BH1311',
    "The {0} bytes read from '{1}' at this index cannot be proven inside it: write 'checkRange(i, {0}, {1}.length)' before the read.",
  ),
  LocalArrayTooLarge: def(
    'BH1312',
    "The local array '{0}' takes {1} bytes of stack, more than the {2} a local array may: declare it at module level.",
  ),

  // ---- BH14xx: functions, recursion, closures -------------------------------------------------------
  Recursion: def('BH1401', 'Recursion is not part of the subset (stack depth must be bounded): {0}.'),
  Closure: def(
    'BH1402',
    "Function expressions and arrow functions are not part of the subset (only as arrayOf's '() => new C()').",
  ),
  ParameterForm: def('BH1403', 'Default, optional and rest parameters are not part of the subset.'),
  Generics: def('BH1404', 'Generic functions and classes are not part of the subset.'),
  FunctionValue: def('BH1405', "A function can only be called: '{0}' used as a value."),
  MissingReturnType: def('BH1406', "Function '{0}' needs a return type annotation."),
  MissingReturn: def('BH1407', "Function '{0}' does not return a value on every path."),
  Overload: def('BH1408', 'Function overloads are not part of the subset.'),
  UnknownCallee: def(
    'BH1409',
    "'{0}' is not a function of the subset: call subset functions, methods and runtime intrinsics only.",
  ),
  NestedFunction: def('BH1410', 'Functions must be declared at module level.'),
  ArgumentCount: def('BH1411', "'{0}' expects {1} arguments, got {2}."),

  // ---- BH15xx: classes, objects, heap ---------------------------------------------------------------
  HeapAllocation: def(
    'BH1501',
    "'new' is allowed only in a module-level 'const' initializer or a field initializer (there is no heap).",
  ),
  Inheritance: def('BH1502', "Inheritance ('{0}') is not part of the subset."),
  Accessor: def('BH1503', 'Getters and setters are not part of the subset: use methods.'),
  StaticMember: def('BH1504', "Static members are allowed only as 'static readonly' constants."),
  PrivateName: def('BH1505', "'#' private names are not part of the subset: use the 'private' modifier."),
  FieldForm: def(
    'BH1506',
    "Field '{0}' needs a type annotation and an initializer or a constructor assignment.",
  ),
  Collection: def('BH1507', "'{0}' is not part of the subset: use fixed arrays."),
  ObjectLiteral: def(
    'BH1508',
    "Object literals are allowed only as module-level 'const ... as const' data typed by an interface.",
  ),
  NonConstantArgument: def(
    'BH1509',
    "Arguments of a static 'new' must be constants or references to static objects.",
  ),
  ConstructorForm: def(
    'BH1510',
    "A constructor body may only assign fields from parameters or constants ('this.x = x;').",
  ),
  InterfaceUse: def('BH1511', 'Interfaces describe readonly const data only: {0}.'),
  ThisOutsideMethod: def(
    'BH1512',
    "'this' is allowed only inside methods and constructors, to access members.",
  ),
  DateObject: def('BH1513', "'Date' is not part of the subset: time comes from the port layer."),
  ConstDataMutation: def('BH1514', 'Const data is readonly.'),
  AbstractClass: def('BH1515', "'{0}' classes are not part of the subset."),
  ClassImplements: def('BH1516', "'implements' is not part of the subset."),
  EmbeddedAssignment: def(
    'BH1517',
    "Field '{0}' holds an embedded object ('new' in its initializer): it cannot be reassigned.",
  ),
  ObjectArrayElement: def(
    'BH1518',
    "An array of objects holds the objects themselves: each element must be a 'new' expression, not a reference to another object ('{0}').",
  ),

  // ---- BH16xx: strings, externs, imports, names -----------------------------------------------------
  NonRelativeImport: def(
    'BH1601',
    "Only relative imports of '.ts' modules are allowed in transpiled code: '{0}'.",
  ),
  StringOperation: def('BH1602', 'String operations are not part of the subset.'),
  StringLiteralUse: def('BH1603', "String literals can only be passed to 'cstr' parameters."),
  HostApi: def('BH1604', "'{0}' is not available in transpiled code."),
  MathMember: def(
    'BH1605',
    "'Math.{0}' is not part of the subset (allowed: Math.sqrt and Math.abs on f64, Math.imul).",
  ),
  NameCollision: def('BH1606', "The C name '{0}' is used by both '{1}' and '{2}': rename one of them."),
  ExternTag: def('BH1607', "'@extern' needs a C identifier: '/** @extern c_symbol */' (got '{0}')."),
  ImportForm: def('BH1608', "Only named imports ('import { a } from ...') are part of the subset."),
  RuntimeNodeOnly: def(
    'BH1609',
    "'{0}' is a Node-only part of the runtime and cannot be used in transpiled code.",
  ),
  ExportForm: def(
    'BH1610',
    "Only 'export' on declarations is part of the subset (no re-exports or default exports).",
  ),
  MissingModule: def('BH1611', "Cannot find the module '{0}'."),
  TypeScriptError: def('BH1612', 'TypeScript: {0}'),
} as const satisfies Record<string, DiagnosticDefinition>;

/** A subset diagnostic with its location (line and column are 1-based). */
export interface SubsetDiagnostic {
  code: string;
  category: DiagnosticCategory;
  file: string;
  start: number;
  length: number;
  line: number;
  column: number;
  message: string;
}

/** Fills `{0}`, `{1}`… in a message template. */
function formatMessage(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)] ?? ''));
}

/** Builds a diagnostic located at `node` (its text without leading trivia). */
export function diagnosticAt(
  node: ts.Node,
  definition: DiagnosticDefinition,
  ...args: (string | number)[]
): SubsetDiagnostic {
  const sourceFile = node.getSourceFile();
  const start = node.getStart(sourceFile);
  return diagnosticAtRange(sourceFile, start, node.getEnd() - start, definition, ...args);
}

/** Builds a diagnostic for an explicit range of a source file. */
export function diagnosticAtRange(
  sourceFile: ts.SourceFile,
  start: number,
  length: number,
  definition: DiagnosticDefinition,
  ...args: (string | number)[]
): SubsetDiagnostic {
  const position = sourceFile.getLineAndCharacterOfPosition(start);
  return {
    code: definition.code,
    category: definition.category,
    file: sourceFile.fileName,
    start,
    length,
    line: position.line + 1,
    column: position.character + 1,
    message: formatMessage(definition.message, args),
  };
}

/** `file:line:col - error BH1234: message`, the format of the CLI (and of tsc). */
export function formatDiagnostic(d: SubsetDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} - ${d.category} ${d.code}: ${d.message}`;
}

/** Stable order: file, position, code. */
export function compareDiagnostics(a: SubsetDiagnostic, b: SubsetDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Every code in the table (tests check the documentation against it). */
export function allDiagnosticCodes(): string[] {
  return Object.values(Diagnostics as Record<string, DiagnosticDefinition>)
    .map((d) => d.code)
    .sort();
}
