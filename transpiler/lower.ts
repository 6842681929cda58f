// Stage 4, lower: decides the C side of every declaration before any text is written: module prefixes
// and file names, C names of functions, methods, structs, enums, variables and constants, C types of
// subset types, struct field order and embedded members, and the AAPCS layout used for `@layout`
// offsets. Name collisions are reported here.
import ts from 'typescript';
import { relative } from 'node:path';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { fieldName, prefixed, prefixedTag, snakeCase, upperSnakeCase } from './names.ts';
import { externSymbol, hasJsDocTag, isModuleConst, isStaticReadonly, skipOuter } from './resolve.ts';
import { declaredType } from './typing.ts';
import { INT_INFO, type SubsetType } from './types.ts';

export interface ModuleLowering {
  file: ts.SourceFile;
  prefix: string;
  cFile: string;
  hFile: string;
}

export class Lowering {
  readonly modules = new Map<ts.SourceFile, ModuleLowering>();
  private readonly names = new Map<string, string>(); // C name -> TS description

  constructor(
    readonly ctx: Context,
    readonly sourceRoot: string,
  ) {
    const used = new Set<string>();
    for (const file of ctx.modules) {
      const base = file.fileName.replace(/\\/g, '/').split('/');
      let stem = base[base.length - 1].replace(/\.ts$/, '');
      if (stem === 'index' && base.length >= 2) stem = base[base.length - 2]!;
      let prefix = snakeCase(stem);
      if (/^[0-9]/.test(prefix)) prefix = `m_${prefix}`;
      for (let i = base.length - 2; used.has(prefix) && i >= 0; i--)
        prefix = `${snakeCase(base[i])}_${prefix}`;
      if (used.has(prefix))
        ctx.report(file, Diagnostics.NameCollision, prefix, file.fileName, 'another module');
      used.add(prefix);
      this.modules.set(file, { file, prefix, cFile: `${prefix}.c`, hFile: `${prefix}.h` });
    }
  }

  module(node: ts.Node): ModuleLowering {
    return this.modules.get(node.getSourceFile())!;
  }

  /** Path of a source file as written in `#line` directives and comments. */
  sourcePath(file: ts.SourceFile): string {
    return relative(this.sourceRoot, file.fileName).replace(/\\/g, '/');
  }

  /** True when a module-level declaration already uses `cName` (locals avoid such names). */
  isClaimed(cName: string): boolean {
    return this.names.has(`ordinary:${cName}`);
  }

  /** Registers a C name; reports a collision between two TS declarations. */
  claim(
    cName: string,
    node: ts.Node,
    description: string,
    namespace: 'ordinary' | 'tag' = 'ordinary',
  ): string {
    const key = `${namespace}:${cName}`;
    const previous = this.names.get(key);
    if (previous !== undefined && previous !== description) {
      this.ctx.report(node, Diagnostics.NameCollision, cName, previous, description);
    }
    this.names.set(key, description);
    return cName;
  }

  // ---- declaration names -------------------------------------------------------------------------------

  functionName(fn: ts.FunctionDeclaration): string {
    const extern = externSymbol(fn);
    if (extern !== undefined && extern !== '') return extern;
    return this.moduleLevelName(fn, fn.name!.text);
  }

  /**
   * `<prefix>_<snake name>`, except that a name which already starts with the prefix keeps it once
   * (`schedulerTick` in `scheduler.ts` → `scheduler_tick`, not `scheduler_scheduler_tick`) unless another
   * declaration of the module is written that way (`lost` and `traceLost` in `trace.ts`: the function
   * keeps `trace_trace_lost`).
   */
  private moduleLevelName(decl: ts.Node, tsName: string): string {
    return this.prefixOnce(decl, tsName, prefixed, this.plainNames);
  }

  /**
   * Struct and enum tags follow the same rule: `SlcanParser` in `slcan.ts` is `struct slcan_parser`,
   * not `struct slcan_slcan_parser`, unless another type of the module is tagged that way.
   */
  private typeTag(decl: ts.Node, tsName: string): string {
    return this.prefixOnce(decl, tsName, prefixedTag, this.plainTags);
  }

  /** `join(prefix, tsName)`, or the snake name alone when it starts with the prefix already and no other
   *  name of the module's `taken` set is written that way. */
  private prefixOnce(
    decl: ts.Node,
    tsName: string,
    join: (prefix: string, name: string) => string,
    taken: (file: ts.SourceFile) => Set<string>,
  ): string {
    const prefix = this.module(decl).prefix;
    const snake = snakeCase(tsName);
    if (!snake.startsWith(`${prefix}_`) || taken(decl.getSourceFile()).has(snake))
      return join(prefix, tsName);
    return snake;
  }

  private readonly nameSets = new Map<string, Set<string>>();

  /** A per-file set of names, computed once. */
  private perFile(
    kind: string,
    file: ts.SourceFile,
    collect: (prefix: string, add: (name: string) => void) => void,
  ): Set<string> {
    const key = `${kind}:${file.fileName}`;
    let names = this.nameSets.get(key);
    if (names === undefined) {
      const found = new Set<string>();
      collect(this.module(file).prefix, (name) => found.add(name));
      names = found;
      this.nameSets.set(key, names);
    }
    return names;
  }

  /** The `<prefix>_<snake name>` of every module-level function and variable and every method of a file. */
  private readonly plainNames = (file: ts.SourceFile): Set<string> =>
    this.perFile('names', file, (prefix, add) => {
      for (const statement of file.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name !== undefined)
          add(prefixed(prefix, statement.name.text));
        else if (ts.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations)
            if (ts.isIdentifier(d.name)) add(prefixed(prefix, d.name.text));
        } else if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
          const tag = this.structTag(statement);
          for (const member of statement.members)
            if (ts.isMethodDeclaration(member)) add(`${tag}_${snakeCase(member.name.getText())}`);
        }
      }
    });

  /** The `<prefix>_<snake name>` tag of every class, interface and enum of a file. */
  private readonly plainTags = (file: ts.SourceFile): Set<string> =>
    this.perFile('tags', file, (prefix, add) => {
      for (const statement of file.statements) {
        const typeDecl =
          ts.isClassDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isEnumDeclaration(statement);
        if (typeDecl && statement.name !== undefined) add(prefixedTag(prefix, statement.name.text));
      }
    });

  structTag(decl: ts.ClassDeclaration | ts.InterfaceDeclaration): string {
    return this.typeTag(decl, decl.name!.text);
  }

  methodName(method: ts.MethodDeclaration): string {
    const cls = method.parent as ts.ClassDeclaration;
    return `${this.structTag(cls)}_${snakeCase(method.name.getText())}`;
  }

  enumTag(decl: ts.EnumDeclaration): string {
    return this.typeTag(decl, decl.name.text);
  }

  enumMemberName(member: ts.EnumMember): string {
    return upperSnakeCase(`${this.enumTag(member.parent)}_${snakeCase(member.name.getText())}`);
  }

  variableName(decl: ts.VariableDeclaration): string {
    return this.moduleLevelName(decl, (decl.name as ts.Identifier).text);
  }

  /** Named constants (`const N = 16` at module level, `static readonly` fields) become macros. */
  constantName(decl: ts.VariableDeclaration | ts.PropertyDeclaration): string {
    if (ts.isPropertyDeclaration(decl))
      return upperSnakeCase(`${this.structTag(decl.parent as ts.ClassDeclaration)}_${decl.name.getText()}`);
    return upperSnakeCase(this.variableName(decl));
  }

  // ---- C types ---------------------------------------------------------------------------------------------

  /** The C type of a value of `type` (arrays: their element type; see declarator()). */
  cType(type: SubsetType): string {
    switch (type.kind) {
      case 'int':
        return INT_INFO[type.name].ctype;
      case 'float':
        return type.name === 'f32' ? 'float' : 'double';
      case 'bool':
        return 'bool';
      case 'cstr':
        return 'const char *';
      case 'void':
        return 'void';
      case 'class':
        return `struct ${this.structTag(type.decl)} *`;
      case 'interface':
        return `const struct ${this.structTag(type.decl)} *`;
      case 'enum':
        return `enum ${this.enumTag(type.decl)}`;
      case 'array':
        return `${this.elementType(type.element)} *`;
      case 'null':
      case 'literal':
        return 'int32_t';
    }
  }

  /** The C type of an array element stored inline (structs by value). */
  elementType(type: SubsetType): string {
    if (type.kind === 'class') return `struct ${this.structTag(type.decl)}`;
    if (type.kind === 'interface') return `struct ${this.structTag(type.decl)}`;
    return this.cType(type);
  }

  /** A declaration `type name` with C's declarator syntax (pointers glued to the name). */
  declare(type: string, name: string): string {
    return type.endsWith('*') ? `${type}${name}` : `${type} ${name}`;
  }

  // ---- classes ----------------------------------------------------------------------------------------------

  /** Instance fields of a class in declaration order. */
  fields(cls: ts.ClassDeclaration): ts.PropertyDeclaration[] {
    return cls.members.filter(
      (m): m is ts.PropertyDeclaration =>
        ts.isPropertyDeclaration(m) &&
        !isStaticReadonly(m) &&
        !(ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword),
    );
  }

  /** True when the field holds an embedded object (initialised with `new C(...)`). */
  isEmbedded(field: ts.PropertyDeclaration | ts.VariableDeclaration): boolean {
    return (
      field.initializer !== undefined &&
      ts.isNewExpression(skipOuter(field.initializer)) &&
      declaredType(this.ctx, field)?.kind === 'class'
    );
  }

  /** True when a module variable is a static object (`const x = new C(...)`). */
  isStaticObject(decl: ts.VariableDeclaration): boolean {
    return isModuleConst(decl) && this.isEmbedded(decl);
  }

  /** The member declaration of a struct field: `uint8_t data[16]`, `struct x inner`, `struct x *peer`. */
  fieldDeclaration(field: ts.PropertyDeclaration | ts.PropertySignature): string[] {
    const type = declaredType(this.ctx, field)!;
    const safe = fieldName(field.name.getText());
    if (type.kind === 'array') {
      if (type.length !== null && ts.isPropertyDeclaration(field))
        return [`${this.elementType(type.element)} ${safe}[${type.length}];`];
      return [
        `${type.readonly || ts.isPropertySignature(field) ? 'const ' : ''}${this.declare(this.elementType(type.element) + ' *', safe)};`,
        `uint32_t ${safe}_len;`,
      ];
    }
    if (type.kind === 'class' && ts.isPropertyDeclaration(field) && this.isEmbedded(field))
      return [`struct ${this.structTag(type.decl)} ${safe};`];
    if (type.kind === 'interface' && ts.isPropertySignature(field))
      return [`struct ${this.structTag(type.decl)} ${safe};`];
    return [`${this.declare(this.cType(type), safe)};`];
  }

  /** Classes and interfaces of a module in an order where embedded structs come first. */
  structOrder(file: ts.SourceFile): (ts.ClassDeclaration | ts.InterfaceDeclaration)[] {
    const decls = file.statements.filter(
      (s): s is ts.ClassDeclaration | ts.InterfaceDeclaration =>
        (ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name !== undefined,
    );
    const ordered: (ts.ClassDeclaration | ts.InterfaceDeclaration)[] = [];
    const visiting = new Set<ts.Node>();
    const visit = (d: ts.ClassDeclaration | ts.InterfaceDeclaration): void => {
      if (ordered.includes(d) || visiting.has(d)) return;
      visiting.add(d);
      const members = ts.isClassDeclaration(d) ? this.fields(d) : d.members.filter(ts.isPropertySignature);
      for (const m of members) {
        const t = declaredType(this.ctx, m);
        const inner = t?.kind === 'array' ? t.element : t;
        const embedded =
          inner !== null &&
          inner !== undefined &&
          (inner.kind === 'class' || inner.kind === 'interface') &&
          (t?.kind === 'array' || ts.isPropertySignature(m) || this.isEmbedded(m));
        if (embedded && (inner.kind === 'class' || inner.kind === 'interface') && decls.includes(inner.decl))
          visit(inner.decl);
      }
      ordered.push(d);
    };
    for (const d of decls) visit(d);
    return ordered;
  }

  /** True when a class carries `/** @layout *\/` (its offsets go to bh_offsets.h). */
  hasLayout(cls: ts.ClassDeclaration): boolean {
    return hasJsDocTag(cls, 'layout');
  }

  /** Size and alignment of a C type on AAPCS (ARM EABI: also the x86-64 result for these types,
   *  except pointers, which the offsets header only describes for the 32-bit target). */
  sizeAlign(type: SubsetType, embedded: boolean): [number, number] {
    switch (type.kind) {
      case 'int':
        return [INT_INFO[type.name].bits / 8, INT_INFO[type.name].bits / 8];
      case 'float':
        return type.name === 'f32' ? [4, 4] : [8, 8];
      case 'bool':
        return [1, 1];
      case 'enum':
        return [4, 4];
      case 'class':
        return embedded ? this.structLayout(type.decl).sizeAlign : [4, 4];
      default:
        return [4, 4];
    }
  }

  /** AAPCS layout of a class: field offsets, total size and alignment. */
  structLayout(cls: ts.ClassDeclaration): { offsets: [string, number][]; sizeAlign: [number, number] } {
    let offset = 0;
    let align = 1;
    const offsets: [string, number][] = [];
    for (const field of this.fields(cls)) {
      const type = declaredType(this.ctx, field)!;
      let size: number;
      let a: number;
      if (type.kind === 'array' && type.length !== null) {
        const [es, ea] = this.sizeAlign(type.element, true);
        [size, a] = [es * type.length, ea];
      } else [size, a] = this.sizeAlign(type, this.isEmbedded(field));
      offset = Math.ceil(offset / a) * a;
      offsets.push([fieldName(field.name.getText()), offset]);
      offset += size;
      align = Math.max(align, a);
    }
    return { offsets, sizeAlign: [Math.max(Math.ceil(offset / align) * align, 0), align] };
  }
}
