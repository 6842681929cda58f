// Local names while one function is emitted: the C name of each parameter and local (never a module
// symbol's name, two TS names never one C name) and fresh names for evaluation-order temporaries.
import type ts from 'typescript';
import type { Lowering } from './lower.ts';
import { localName } from './names.ts';

/** Local names in scope while emitting a function: TS declaration → C name. */
export class Scope {
  readonly names = new Map<ts.Node, string>();
  readonly used = new Set<string>();
  constructor(readonly lowering: Lowering) {}

  private temporaries = 0;

  /** A fresh name for an evaluation-order temporary (`bh_` names never clash with TS names). */
  temporary(): string {
    this.temporaries++;
    return `bh_t${this.temporaries}`;
  }

  declare(decl: ts.Node, tsName: string): string {
    let name = localName(tsName);
    // Module-level names carry their module's prefix, which a TS name can already start with
    // (`schedulerTick` → `scheduler_tick`); a local never takes such a name (-Wshadow).
    while (this.lowering.isClaimed(name)) name = `${name}_`;
    // A local shadowing another with the same C name in an enclosing block is legal C, but two TS names
    // mapping to one C name (fooBar, foo_bar) are kept apart.
    for (const [other, cname] of this.names) {
      if (cname === name && (other as ts.NamedDeclaration).name?.getText() !== tsName) name = `${name}_`;
    }
    this.names.set(decl, name);
    this.used.add(name);
    return name;
  }
}
