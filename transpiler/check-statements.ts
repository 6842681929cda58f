// Stage 3, check of function bodies: every statement form of the subset (locals, assignments and
// compound assignments, if, loops, for...of, switch, return), each reported when it is outside the
// subset; conditions are bool, values fit where they go (typing.ts), `++`/`--` only in a counting for
// loop whose bound lies in the variable's type, local arrays are constant-size buffers or tables, switch
// clauses end, and a function with a result returns on every path.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics, type DiagnosticDefinition } from './diagnostics.ts';
import { checkStaticInitializer } from './check-static.ts';
import { constantValue, declarationOf, isModuleConst, runtimeExportName, skipOuter } from './resolve.ts';
import { INT_INFO, TYPED_ARRAYS, typeName, widensTo, type SubsetType } from './types.ts';
import {
  declaredType,
  expectBool,
  expectType,
  typeCanonical,
  typeCompoundValue,
  typeExpr,
} from './typing.ts';
import { compoundOperator } from './typing-operators.ts';
import { countingLoop } from './variable-bounds.ts';

/** Checks a function or method body; `ret` is its return type (null: not resolved). */
export function checkBody(
  ctx: Context,
  body: ts.Block,
  ret: SubsetType | null,
  name: string,
  fn: ts.Node,
): void {
  const state: FunctionState = { ret, loopDepth: 0, switchDepth: 0 };
  for (const s of body.statements) checkStatement(ctx, s, state);
  if (ret !== null && ret.kind !== 'void' && !alwaysReturns(body))
    ctx.report((fn as ts.FunctionDeclaration).name ?? fn, Diagnostics.MissingReturn, name);
}

/** Conservative: the block ends in `return`, or an if/else whose branches return, or a switch whose
 *  clauses (with a default) all return, or `while (true)` without break. */
function alwaysReturns(node: ts.Statement): boolean {
  if (ts.isBlock(node)) {
    const last = node.statements[node.statements.length - 1];
    return last !== undefined && alwaysReturns(last);
  }
  if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
  if (ts.isIfStatement(node))
    return (
      node.elseStatement !== undefined &&
      alwaysReturns(node.thenStatement) &&
      alwaysReturns(node.elseStatement)
    );
  if (ts.isSwitchStatement(node)) {
    const clauses = node.caseBlock.clauses;
    if (!clauses.some(ts.isDefaultClause)) return false;
    return clauses.every(
      (c, i) =>
        (c.statements.length === 0 && i < clauses.length - 1) ||
        (c.statements.length > 0 && alwaysReturns(c.statements[c.statements.length - 1])),
    );
  }
  if (
    (ts.isWhileStatement(node) || ts.isForStatement(node)) &&
    (node.kind === ts.SyntaxKind.ForStatement
      ? node.condition === undefined
      : node.expression.kind === ts.SyntaxKind.TrueKeyword)
  ) {
    let breaks = false;
    const visit = (n: ts.Node): void => {
      if (ts.isBreakStatement(n)) breaks = true;
      if (ts.isIterationStatement(n, false) || ts.isSwitchStatement(n)) return;
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node.statement, visit);
    return !breaks;
  }
  return false;
}

interface FunctionState {
  ret: SubsetType | null;
  loopDepth: number;
  switchDepth: number;
}

function checkStatement(ctx: Context, s: ts.Statement, state: FunctionState): void {
  if (ts.isBlock(s)) {
    for (const inner of s.statements) checkStatement(ctx, inner, state);
  } else if (ts.isVariableStatement(s)) {
    checkLocalVariables(ctx, s.declarationList);
  } else if (ts.isExpressionStatement(s)) {
    checkExpressionStatement(ctx, s.expression);
  } else if (ts.isIfStatement(s)) {
    expectBool(ctx, s.expression);
    checkStatement(ctx, s.thenStatement, state);
    if (s.elseStatement !== undefined) checkStatement(ctx, s.elseStatement, state);
  } else if (ts.isWhileStatement(s) || ts.isDoStatement(s)) {
    expectBool(ctx, s.expression);
    checkLoopBody(ctx, s.statement, state);
  } else if (ts.isForStatement(s)) {
    checkFor(ctx, s, state);
  } else if (ts.isForOfStatement(s)) {
    if (s.awaitModifier !== undefined) ctx.report(s, Diagnostics.AsyncCode, 'for await');
    const list = s.initializer;
    if (
      !ts.isVariableDeclarationList(list) ||
      list.declarations.length !== 1 ||
      !ts.isIdentifier(list.declarations[0].name)
    ) {
      ctx.report(s.initializer, Diagnostics.Destructuring);
    } else {
      if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0)
        ctx.report(list, Diagnostics.VarDeclaration);
      declaredType(ctx, list.declarations[0]);
    }
    checkLoopBody(ctx, s.statement, state);
  } else if (ts.isForInStatement(s)) {
    ctx.report(s, Diagnostics.ForIn);
  } else if (ts.isSwitchStatement(s)) {
    checkSwitch(ctx, s, state);
  } else if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
    if (s.label !== undefined) ctx.report(s, Diagnostics.LabeledStatement);
  } else if (ts.isReturnStatement(s)) {
    if (state.ret === null) {
      if (s.expression !== undefined) typeExpr(ctx, s.expression);
    } else if (state.ret.kind === 'void') {
      if (s.expression !== undefined)
        ctx.report(s.expression, Diagnostics.TypeMismatch, 'a value', 'void', ' (return)');
    } else if (s.expression === undefined) {
      ctx.report(s, Diagnostics.TypeMismatch, 'void', typeName(state.ret), ' (return)');
    } else {
      expectType(ctx, s.expression, state.ret, ' (return)');
    }
  } else if (ts.isThrowStatement(s)) {
    ctx.report(s, Diagnostics.Exceptions, 'throw');
  } else if (ts.isTryStatement(s)) {
    ctx.report(s, Diagnostics.Exceptions, 'try');
  } else if (ts.isLabeledStatement(s)) {
    ctx.report(s, Diagnostics.LabeledStatement);
  } else if (ts.isWithStatement(s)) {
    ctx.report(s, Diagnostics.DynamicGlobal, 'with');
  } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
    ctx.report(s, Diagnostics.NestedFunction);
  } else if (ts.isEmptyStatement(s)) {
    // nothing
  } else if (ts.isDebuggerStatement(s)) {
    ctx.report(s, Diagnostics.UnsupportedStatement, 'debugger');
  } else {
    ctx.report(s, Diagnostics.UnsupportedStatement, ts.SyntaxKind[s.kind]);
  }
}

function checkLoopBody(ctx: Context, body: ts.Statement, state: FunctionState): void {
  state.loopDepth++;
  checkStatement(ctx, body, state);
  state.loopDepth--;
}

/** Largest local array (bytes of stack): a buffer or a table, not a data store. */
const LOCAL_ARRAY_MAX_BYTES = 1024;

/** `new Uint8Array(n)`, `new Uint8Array([..])` or an array literal: a local array's initializer. */
function isLocalArrayCreation(ctx: Context, init: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(init)) return true;
  if (!ts.isNewExpression(init) || !ts.isIdentifier(init.expression)) return false;
  const declared = declarationOf(ctx, init.expression);
  return (
    TYPED_ARRAYS[init.expression.text] !== undefined &&
    (declared === undefined || !ctx.isModuleFile(declared.getSourceFile()))
  );
}

/** A function-local fixed-size array of numbers or booleans: `const` (never reassigned, BH1309), of a
 *  constant length, constant elements, and at most LOCAL_ARRAY_MAX_BYTES. A `readonly` one is a constant
 *  table (static const data in C); a mutable one is a buffer on the stack, initialized on every run as
 *  JavaScript creates it anew. */
function checkLocalArray(ctx: Context, list: ts.VariableDeclarationList, decl: ts.VariableDeclaration): void {
  const init = decl.initializer!;
  if ((list.flags & ts.NodeFlags.Const) === 0) {
    ctx.report(decl, Diagnostics.ArrayAssignment);
    return;
  }
  const type = declaredType(ctx, decl);
  if (type === null) return; // reported by the type resolution
  if (type.kind !== 'array' || type.length === null) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const element = type.element;
  if (element.kind === 'class' || element.kind === 'interface') {
    ctx.report(init, Diagnostics.HeapAllocation);
    return;
  }
  if (type.length === 0) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  if (
    element.kind !== 'int' &&
    element.kind !== 'float' &&
    element.kind !== 'bool' &&
    element.kind !== 'enum'
  ) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const created = skipOuter(init);
  const literal = ts.isArrayLiteralExpression(created)
    ? created
    : ts.isNewExpression(created) && created.arguments?.[0] !== undefined
      ? skipOuter(created.arguments[0])
      : undefined;
  if (
    literal !== undefined &&
    ts.isArrayLiteralExpression(literal) &&
    !literal.elements.every((el) => isConstantElement(ctx, el))
  ) {
    ctx.report(literal, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const bytes = type.length * elementBytes(element);
  if (!type.readonly && bytes > LOCAL_ARRAY_MAX_BYTES) {
    ctx.report(decl, Diagnostics.LocalArrayTooLarge, decl.name.getText(), bytes, LOCAL_ARRAY_MAX_BYTES);
    return;
  }
  checkStaticInitializer(ctx, init, type);
}

/** A number, boolean or enum member known at transpile time (a local array's element). */
function isConstantElement(ctx: Context, el: ts.Expression): boolean {
  const e = skipOuter(el);
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (constantValue(ctx, e) !== undefined) return true;
  const member = ts.isPropertyAccessExpression(e) ? declarationOf(ctx, e) : undefined;
  return member !== undefined && ts.isEnumMember(member);
}

function elementBytes(element: SubsetType): number {
  if (element.kind === 'int') return INT_INFO[element.name].bits / 8;
  if (element.kind === 'float') return element.name === 'f32' ? 4 : 8;
  return element.kind === 'bool' ? 1 : 4; // enums are int-sized
}

/** A variable declaration of the subset: a plain name with an initializer. */
export type InitializedDeclaration = ts.VariableDeclaration & {
  readonly name: ts.Identifier;
  readonly initializer: ts.Expression;
};

/** The declaration prologue shared by local and module-level variables: reports a `var` list (at `at`;
 *  nothing else of it is checked), destructuring, and a declaration without initializer (`uninitialized`,
 *  with its name); runs `check` on each other declaration, in order. */
export function forEachInitializedDeclaration(
  ctx: Context,
  list: ts.VariableDeclarationList,
  at: ts.Node,
  uninitialized: DiagnosticDefinition,
  check: (decl: InitializedDeclaration) => void,
): void {
  if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
    ctx.report(at, Diagnostics.VarDeclaration);
    return;
  }
  for (const decl of list.declarations) {
    if (!ts.isIdentifier(decl.name)) ctx.report(decl, Diagnostics.Destructuring);
    else if (decl.initializer === undefined) ctx.report(decl, uninitialized, decl.name.text);
    else check(decl as InitializedDeclaration);
  }
}

function checkLocalVariables(ctx: Context, list: ts.VariableDeclarationList): void {
  forEachInitializedDeclaration(ctx, list, list, Diagnostics.FieldForm, (decl) => {
    const init = skipOuter(decl.initializer);
    if (isLocalArrayCreation(ctx, init)) {
      checkLocalArray(ctx, list, decl);
      return;
    }
    if (
      ts.isNewExpression(init) ||
      (ts.isCallExpression(init) && runtimeExportName(ctx, init.expression) === 'arrayOf')
    ) {
      ctx.report(init, Diagnostics.HeapAllocation);
      return;
    }
    if (ts.isArrayLiteralExpression(init)) {
      ctx.report(init, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    if (decl.type !== undefined) {
      const type = declaredType(ctx, decl);
      if (type !== null) {
        if (type.kind === 'array') ctx.report(decl, Diagnostics.ArrayAssignment);
        else expectType(ctx, decl.initializer, type);
      }
    } else {
      const type = declaredType(ctx, decl); // reports through the initializer typer
      if (type !== null && type.kind === 'array') ctx.report(decl, Diagnostics.ArrayAssignment);
    }
  });
}

/** Checks an assignment target: a local, parameter, field or element, never a whole array or an
 *  embedded object. Returns its type. */
function checkAssignTarget(ctx: Context, target: ts.Expression): SubsetType | null {
  const t = skipOuter(target);
  if (!ts.isIdentifier(t) && !ts.isPropertyAccessExpression(t) && !ts.isElementAccessExpression(t)) {
    ctx.report(target, Diagnostics.Destructuring);
    return null;
  }
  const i = typeCanonical(ctx, t);
  if (i.type.kind === 'void') return null;
  if (i.type.kind === 'array') {
    ctx.report(target, Diagnostics.ArrayAssignment);
    return null;
  }
  if (ts.isPropertyAccessExpression(t)) {
    const field = declarationOf(ctx, t);
    if (field !== undefined && ts.isPropertySignature(field)) {
      ctx.report(target, Diagnostics.ConstDataMutation);
      return null;
    }
    if (
      field !== undefined &&
      ts.isPropertyDeclaration(field) &&
      field.initializer !== undefined &&
      ts.isNewExpression(skipOuter(field.initializer))
    ) {
      ctx.report(target, Diagnostics.EmbeddedAssignment, field.name.getText());
      return null;
    }
  }
  if (ts.isIdentifier(t)) {
    const decl = declarationOf(ctx, t);
    if (
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      decl.initializer !== undefined &&
      isModuleConst(decl)
    )
      return null; // TypeScript reports const assignment
  }
  if (i.type.kind === 'interface') {
    // Interface-typed static storage (a module variable or a field) is emitted as a const struct object;
    // only locals and parameters of interface type are pointers that may be re-pointed.
    const decl = declarationOf(ctx, t);
    const isStatic =
      decl !== undefined &&
      (ts.isPropertyDeclaration(decl) ||
        (ts.isVariableDeclaration(decl) && ts.isSourceFile(decl.parent.parent.parent)));
    if (isStatic) {
      ctx.report(
        target,
        Diagnostics.InterfaceUse,
        'a module variable or field of interface type is a const object and cannot be reassigned (keep an index into a const table instead)',
      );
      return null;
    }
  }
  return i.type;
}

function checkExpressionStatement(ctx: Context, expr: ts.Expression): void {
  const e = skipOuter(expr);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      const type = checkAssignTarget(ctx, e.left);
      if (type !== null) expectType(ctx, e.right, type);
      else typeExpr(ctx, e.right);
      return;
    }
    const compound = compoundOperator(op);
    if (compound !== undefined) {
      const type = checkAssignTarget(ctx, e.left);
      const result = typeCompoundValue(ctx, e, compound[0], compound[1], e.left, e.right);
      if (type === null || result.type.kind === 'void') return;
      if (result.unwrapped) {
        ctx.report(e, Diagnostics.CompoundUnwrapped, e.operatorToken.getText(), typeName(type), compound[1]);
        return;
      }
      const rt = result.type;
      const fits =
        (rt.kind === 'int' && type.kind === 'int' && widensTo(rt.name, type.name)) ||
        (rt.kind === 'float' && type.kind === 'float' && rt.name === type.name);
      if (!fits) ctx.report(e, Diagnostics.TypeMismatch, typeName(rt), typeName(type), '');
      return;
    }
  }
  if (ts.isCallExpression(e)) {
    typeExpr(ctx, e);
    return;
  }
  if (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) {
    typeExpr(ctx, e); // reports ++/-- outside for
    return;
  }
  typeExpr(ctx, e);
  if (!ctx.diagnostics.some((d) => d.start >= e.getStart() && d.start < e.getEnd()))
    ctx.report(e, Diagnostics.ExpressionStatement);
}

function checkFor(ctx: Context, s: ts.ForStatement, state: FunctionState): void {
  let loopVar: ts.VariableDeclaration | undefined;
  if (s.initializer !== undefined) {
    if (ts.isVariableDeclarationList(s.initializer)) {
      checkLocalVariables(ctx, s.initializer);
      if (s.initializer.declarations.length === 1) loopVar = s.initializer.declarations[0];
    } else checkExpressionStatement(ctx, s.initializer);
  }
  if (s.condition !== undefined) expectBool(ctx, s.condition);
  const inc = s.incrementor;
  if (inc !== undefined) {
    const e = skipOuter(inc);
    if (
      (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) &&
      (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const plus = e.operator === ts.SyntaxKind.PlusPlusToken;
      const operand = skipOuter(e.operand);
      const ok =
        loopVar !== undefined &&
        ts.isIdentifier(operand) &&
        declarationOf(ctx, operand) === loopVar &&
        incrementIsSafe(ctx, s, loopVar, plus);
      if (!ok) {
        const t = loopVar !== undefined ? declaredType(ctx, loopVar) : null;
        ctx.report(
          e,
          Diagnostics.IncrementOutsideFor,
          plus ? '++' : '--',
          t?.kind === 'int' ? t.name : 'u32',
        );
      }
    } else checkExpressionStatement(ctx, inc);
  }
  checkLoopBody(ctx, s.statement, state);
}

/** `i++` is exact when the condition is `i < bound` (bound of i's type) and i is not assigned in the
 *  body; `i--` when the condition is `i > bound`. */
function incrementIsSafe(
  ctx: Context,
  s: ts.ForStatement,
  loopVar: ts.VariableDeclaration,
  plus: boolean,
): boolean {
  const type = declaredType(ctx, loopVar);
  if (type === null || type.kind !== 'int') return false;
  // The bound must lie inside i's type: `for (let t: u8 = 0; t < n; t++)` with n up to 300 counts to 299
  // in JavaScript while C's uint8_t wraps at 256 (and never ends).
  const cond = s.condition === undefined ? undefined : skipOuter(s.condition);
  if (cond !== undefined && ts.isBinaryExpression(cond)) {
    const bound = typeExpr(ctx, cond.right);
    const range = INT_INFO[type.name];
    if (plus ? bound.max > range.max : bound.min < range.min) return false;
  }
  if (plus)
    return (
      countingLoop(ctx, typeExpr, loopVar) !== undefined ||
      isBoundedCondition(ctx, s, loopVar, ts.SyntaxKind.LessThanToken)
    );
  return isBoundedCondition(ctx, s, loopVar, ts.SyntaxKind.GreaterThanToken);
}

function isBoundedCondition(
  ctx: Context,
  s: ts.ForStatement,
  loopVar: ts.VariableDeclaration,
  op: ts.SyntaxKind,
): boolean {
  const cond = s.condition;
  if (cond === undefined || !ts.isBinaryExpression(cond) || cond.operatorToken.kind !== op) return false;
  if (!ts.isIdentifier(cond.left) || declarationOf(ctx, cond.left) !== loopVar) return false;
  let assigned = false;
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(skipOuter(n.left)) &&
      declarationOf(ctx, skipOuter(n.left)) === loopVar
    )
      assigned = true;
    ts.forEachChild(n, visit);
  };
  visit(s.statement);
  return !assigned;
}

function checkSwitch(ctx: Context, s: ts.SwitchStatement, state: FunctionState): void {
  const d = typeCanonical(ctx, s.expression);
  const dt = d.type;
  const labelsChecked = dt.kind === 'int' || dt.kind === 'enum';
  if (!labelsChecked && dt.kind !== 'void')
    ctx.report(s.expression, Diagnostics.OperandKind, 'switch', typeName(dt));
  const clauses = s.caseBlock.clauses;
  const seen = new Set<number>();
  clauses.forEach((clause, index) => {
    if (ts.isDefaultClause(clause) && index < clauses.length - 1)
      ctx.report(clause, Diagnostics.SwitchDefaultPosition);
    if (ts.isCaseClause(clause) && labelsChecked) {
      const label = skipOuter(clause.expression);
      const value = constantValue(ctx, label);
      if (value === undefined) ctx.report(clause.expression, Diagnostics.NonConstantCase);
      else {
        if (seen.has(value))
          ctx.report(clause.expression, Diagnostics.UnsupportedSyntax, 'duplicate case label');
        seen.add(value);
        if (dt.kind === 'int' || dt.kind === 'enum') expectType(ctx, clause.expression, dt);
      }
    }
    state.switchDepth++;
    for (const st of clause.statements) checkStatement(ctx, st, state);
    state.switchDepth--;
    const last = clause.statements[clause.statements.length - 1];
    if (last !== undefined && index < clauses.length - 1 && !endsClause(last))
      ctx.report(clause, Diagnostics.SwitchFallthrough);
  });
}

function endsClause(s: ts.Statement): boolean {
  if (ts.isBreakStatement(s) || ts.isReturnStatement(s) || ts.isContinueStatement(s)) return true;
  if (ts.isBlock(s)) {
    const last = s.statements[s.statements.length - 1];
    return last !== undefined && endsClause(last);
  }
  if (ts.isIfStatement(s))
    return s.elseStatement !== undefined && endsClause(s.thenStatement) && endsClause(s.elseStatement);
  return false;
}
