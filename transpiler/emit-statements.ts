// Stage 5, statement emitter: the C text of a function body, one statement per line with braces always,
// `#line` directives before statements whose .ts line the next C line would not already map to,
// evaluation-order temporaries (sequence.ts) before a statement that needs them, `(void)` on unread
// locals and discarded results, and MISRA C:2012 forms (a final else, a default label).
import ts from 'typescript';
import { paren, type Repr } from './c-expr.ts';
import type { Context } from './context.ts';
import type { ExpressionEmitter } from './emit-expr.ts';
import type { StaticEmitter } from './emit-static.ts';
import { foldedComparison } from './folded-comparisons.ts';
import type { Lowering } from './lower.ts';
import { constantValue, declarationOf, skipOuter } from './resolve.ts';
import { temporariesFor } from './sequence.ts';
import type { SubsetType } from './types.ts';
import { declaredType, typeExpr } from './typing.ts';
import { compoundOperator } from './typing-operators.ts';
import { hasRepointedBase } from './variable-bounds.ts';

/** Writes the bodies of the functions of one module. */
export class StatementEmitter {
  private lines: string[] = [];
  /** Presumed .ts line of the next C line (for minimal #line directives); -1 when unknown. */
  private presumedLine = -1;

  constructor(
    private readonly ctx: Context,
    private readonly lowering: Lowering,
    private readonly expressions: ExpressionEmitter,
    private readonly statics: StaticEmitter,
    private readonly file: ts.SourceFile,
    private readonly sourcePath: string,
    private readonly lineDirectives: boolean,
  ) {}

  /** The C lines of a function body (its statements one level deep). */
  functionBody(statements: readonly ts.Statement[]): string[] {
    this.lines = [];
    this.presumedLine = -1;
    this.block(statements, 1);
    return this.lines;
  }

  private out(depth: number, text: string): void {
    this.lines.push('    '.repeat(depth) + text);
    if (this.presumedLine >= 0) this.presumedLine++;
  }

  /** Emits `#line` when the next C line would not already map to `node`'s TS line. */
  private lineFor(node: ts.Node): void {
    if (!this.lineDirectives) return;
    const line = this.file.getLineAndCharacterOfPosition(node.getStart(this.file)).line + 1;
    if (line === this.presumedLine) return;
    this.lines.push(`#line ${line} "${this.sourcePath}"`);
    this.presumedLine = line;
  }

  private block(statements: readonly ts.Statement[], depth: number): void {
    for (const s of statements) this.statement(s, depth);
  }

  private body(s: ts.Statement, depth: number): void {
    if (ts.isBlock(s)) this.block(s.statements, depth);
    else this.statement(s, depth);
  }

  private statement(s: ts.Statement, depth: number): void {
    const x = this.expressions;
    if (ts.isBlock(s)) {
      this.out(depth, '{');
      this.block(s.statements, depth + 1);
      this.out(depth, '}');
      return;
    }
    if (ts.isEmptyStatement(s)) return;
    this.lineFor(s);
    if (ts.isVariableStatement(s))
      this.evaluateInOrder(
        s.declarationList.declarations.map((d) => d.initializer),
        depth,
      );
    else if (ts.isExpressionStatement(s)) this.evaluateInOrder([s.expression], depth);
    else if (ts.isIfStatement(s) || ts.isSwitchStatement(s)) this.evaluateInOrder([s.expression], depth);
    else if (ts.isReturnStatement(s)) this.evaluateInOrder([s.expression], depth);
    if (ts.isVariableStatement(s)) {
      for (const decl of s.declarationList.declarations) {
        this.out(
          depth,
          `${this.localDeclaration(decl, (s.declarationList.flags & ts.NodeFlags.Const) !== 0)};`,
        );
        // TypeScript accepts locals that are never read; C compilers warn about them.
        if (!isLocalRead(this.ctx, decl))
          this.out(depth, `(void)${this.expressions.scope.names.get(decl)!};`);
      }
    } else if (ts.isExpressionStatement(s)) {
      this.out(depth, `${this.expressionStatement(s.expression)};`);
    } else if (ts.isIfStatement(s)) {
      this.out(depth, `if (${x.condition(s.expression)}) {`);
      this.body(s.thenStatement, depth + 1);
      let elseStatement = s.elseStatement;
      // An `else if` whose condition needs evaluation-order temporaries becomes `else { ...; if }`.
      while (
        elseStatement !== undefined &&
        ts.isIfStatement(elseStatement) &&
        temporariesFor(this.ctx, elseStatement.expression).length === 0
      ) {
        this.out(depth, `} else if (${x.condition(elseStatement.expression)}) {`);
        this.body(elseStatement.thenStatement, depth + 1);
        elseStatement = elseStatement.elseStatement;
      }
      if (elseStatement !== undefined) {
        this.out(depth, '} else {');
        this.body(elseStatement, depth + 1);
      } else if (elseStatement !== s.elseStatement) {
        // MISRA C:2012 15.7: an if ... else if chain ends with an else.
        this.out(depth, '} else {');
        this.out(depth + 1, '/* none of the conditions holds: nothing to do */');
      }
      this.out(depth, '}');
    } else if (ts.isWhileStatement(s)) {
      this.out(depth, `while (${x.condition(s.expression)}) {`);
      this.body(s.statement, depth + 1);
      this.out(depth, '}');
    } else if (ts.isDoStatement(s)) {
      this.out(depth, 'do {');
      this.body(s.statement, depth + 1);
      this.out(depth, `} while (${x.condition(s.expression)});`);
    } else if (ts.isForStatement(s)) {
      this.forStatement(s, depth);
    } else if (ts.isForOfStatement(s)) {
      this.forOfStatement(s, depth);
    } else if (ts.isSwitchStatement(s)) {
      this.switchStatement(s, depth);
    } else if (ts.isBreakStatement(s)) {
      this.out(depth, 'break;');
    } else if (ts.isContinueStatement(s)) {
      this.out(depth, 'continue;');
    } else if (ts.isReturnStatement(s)) {
      if (s.expression === undefined) this.out(depth, 'return;');
      else this.out(depth, `return ${this.valueFor(s.expression, this.returnType(s))};`);
    } else {
      throw new Error(`emit: unexpected statement ${ts.SyntaxKind[s.kind]}`);
    }
  }

  /** Evaluates, in JavaScript order, the operands that C could otherwise evaluate after a later call
   *  (see sequence.ts) into `const` temporaries declared before the statement. */
  private evaluateInOrder(roots: (ts.Expression | undefined)[], depth: number): void {
    for (const root of roots) {
      if (root === undefined) continue;
      for (const child of temporariesFor(this.ctx, root)) {
        const type = typeExpr(this.ctx, child).type;
        const e = this.expressions.emit(child);
        let ctype: string;
        let code = e.code;
        let repr: Repr = e.repr;
        if (e.repr === 'u32') ctype = 'uint32_t';
        else if (e.repr === 'i32') ctype = 'int32_t';
        else if (e.repr === 'double') ctype = 'double';
        else if (e.repr === 'struct') {
          ctype = this.lowering.cType(type);
          code = `&${e.code}`;
          repr = 'canon';
        } else ctype = this.lowering.cType(type);
        const name = this.expressions.scope.temporary();
        const constness = ctype.endsWith('*') ? '' : 'const ';
        this.out(depth, `${constness}${this.lowering.declare(ctype, name)} = ${code};`);
        this.expressions.hoisted.set(child, { code: name, repr, prec: 16 });
      }
    }
  }

  private returnType(s: ts.ReturnStatement): SubsetType {
    const fn = ts.findAncestor(
      s,
      (n) => ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n),
    ) as ts.FunctionDeclaration;
    return declaredType(this.ctx, fn)!;
  }

  /** A value converted for storage in `type` (pointers for objects, canonical integers). */
  private valueFor(expr: ts.Expression, type: SubsetType): string {
    const i = typeExpr(this.ctx, expr);
    if (type.kind === 'class' || type.kind === 'interface')
      return i.type.kind === 'null' ? 'NULL' : this.expressions.pointer(expr);
    return this.expressions.canonical(expr, type).code;
  }

  private localDeclaration(decl: ts.VariableDeclaration, isConst: boolean): string {
    const type = declaredType(this.ctx, decl)!;
    const name = this.expressions.scope.declare(decl, decl.name.getText());
    if (type.kind === 'array') {
      // A local table (readonly) is constant data; a local buffer lives on the stack, initialized on
      // every run (check-statements.ts: constant length and elements, bounded size).
      const init = this.statics.initializer(decl.initializer!, type, name);
      const element = this.lowering.elementType(type.element);
      return `${type.readonly ? 'static const ' : ''}${element} ${name}[${type.length ?? 0}] = ${init}`;
    }
    const value = this.valueFor(decl.initializer!, type);
    const scalar =
      type.kind === 'int' || type.kind === 'float' || type.kind === 'bool' || type.kind === 'enum';
    return `${isConst && scalar ? 'const ' : ''}${this.lowering.declare(this.lowering.cType(type), name)} = ${value}`;
  }

  private expressionStatement(expr: ts.Expression): string {
    const x = this.expressions;
    const e = skipOuter(expr);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) {
        const target = typeExpr(this.ctx, skipOuter(e.left)).type;
        return `${x.lvalue(e.left)} = ${this.valueFor(e.right, target)}`;
      }
      const compound = compoundOperator(op);
      if (compound !== undefined) {
        const target = typeExpr(this.ctx, skipOuter(e.left)).type;
        return `${x.lvalue(e.left)} = ${x.compoundValue(e, compound[0], compound[1], target)}`;
      }
    }
    if (
      (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) &&
      (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      return `${x.lvalue(e.operand)}${e.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--'}`;
    }
    // MISRA C:2012 17.7: a result the TypeScript discards is discarded explicitly (also a checkIndex
    // statement whose check was proven and left out: `(void)(i & 7u)`).
    if (ts.isCallExpression(e)) {
      const result = typeExpr(this.ctx, e).type;
      const code = x.emit(e);
      if (result.kind !== 'void') return `(void)${paren(code)}`;
      return code.code;
    }
    return x.emit(e).code;
  }

  private forStatement(s: ts.ForStatement, depth: number): void {
    let init = '';
    if (s.initializer !== undefined) {
      if (ts.isVariableDeclarationList(s.initializer))
        init = s.initializer.declarations.map((d) => this.localDeclaration(d, false)).join(', ');
      else init = this.expressionStatement(s.initializer);
    }
    const cond = s.condition !== undefined ? this.expressions.condition(s.condition) : '';
    const inc = s.incrementor !== undefined ? this.expressionStatement(s.incrementor) : '';
    this.out(depth, `for (${init}; ${cond}; ${inc}) {`);
    this.body(s.statement, depth + 1);
    this.out(depth, '}');
  }

  private forOfStatement(s: ts.ForOfStatement, depth: number): void {
    const decl = (s.initializer as ts.VariableDeclarationList).declarations[0];
    const arrayType = typeExpr(this.ctx, s.expression).type as Extract<SubsetType, { kind: 'array' }>;
    let array = this.expressions.emit(s.expression);
    let length = this.expressions.arrayLength(s.expression);
    const name = this.expressions.scope.declare(decl, decl.name.getText());
    const index = `${name}_index`;
    if (hasRepointedBase(this.ctx, s.expression)) {
      // JavaScript iterates the array the path denoted when the loop started, even if the body
      // re-points the path's base: C iterates a copy of the pointer and length taken before the loop.
      const items = this.expressions.scope.temporary();
      const pointer = `${arrayType.readonly ? 'const ' : ''}${this.lowering.elementType(arrayType.element)} *`;
      this.out(depth, `${pointer}const ${items} = ${array.code};`);
      this.out(depth, `const uint32_t ${items}_len = ${length};`);
      array = { code: items, repr: 'canon', prec: 16 };
      length = `${items}_len`;
    }
    this.out(depth, `for (uint32_t ${index} = 0u; ${index} < ${length}; ${index}++) {`);
    const element = arrayType.element;
    if (element.kind === 'class' || element.kind === 'interface')
      this.out(
        depth + 1,
        `${this.lowering.declare(this.lowering.cType(element), name)} = &${paren(array)}[${index}];`,
      );
    else
      this.out(
        depth + 1,
        `const ${this.lowering.declare(this.lowering.cType(element), name)} = ${paren(array)}[${index}];`,
      );
    if (!isLocalRead(this.ctx, decl)) this.out(depth + 1, `(void)${name};`);
    this.presumedLine = -1;
    this.body(s.statement, depth + 1);
    this.out(depth, '}');
  }

  private switchStatement(s: ts.SwitchStatement, depth: number): void {
    const x = this.expressions;
    const discriminant = typeExpr(this.ctx, s.expression).type;
    this.out(depth, `switch (${x.canonical(s.expression).code}) {`);
    for (const clause of s.caseBlock.clauses) {
      if (ts.isCaseClause(clause)) {
        const label = skipOuter(clause.expression);
        const member = declarationOf(this.ctx, label);
        const text =
          member !== undefined && ts.isEnumMember(member)
            ? this.lowering.enumMemberName(member)
            : x.constant(constantValue(this.ctx, label)!, discriminant).code;
        this.out(depth, `case ${text}:${clause.statements.length > 0 ? ' {' : ''}`);
      } else this.out(depth, `default:${clause.statements.length > 0 ? ' {' : ''}`);
      if (clause.statements.length > 0) {
        this.block(clause.statements, depth + 1);
        this.out(depth, '}');
      }
    }
    // MISRA C:2012 16.4: every switch has a default label (here: the values no case names do nothing).
    if (!s.caseBlock.clauses.some(ts.isDefaultClause)) {
      this.out(depth, 'default:');
      this.out(depth + 1, 'break;');
    }
    this.out(depth, '}');
  }
}

/** True when a local variable is read somewhere in its function (not only assigned with `=`). */
function isLocalRead(ctx: Context, decl: ts.VariableDeclaration): boolean {
  const body = ts.findAncestor(decl, ts.isFunctionLike);
  if (body === undefined) return true;
  let read = false;
  const visit = (n: ts.Node): void => {
    if (read) return;
    // A comparison written as its value does not read its operands in C.
    if (ts.isBinaryExpression(n) && foldedComparison(ctx, n) !== undefined) return;
    if (ts.isIdentifier(n) && n !== decl.name && declarationOf(ctx, n) === decl) {
      let outer: ts.Node = n;
      while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      const parent = outer.parent;
      const assignedOnly =
        ts.isBinaryExpression(parent) &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        parent.left === outer;
      if (!assignedOnly) read = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return read;
}
