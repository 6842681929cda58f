// Negative case: a type that is not part of the subset: string (BH1105).

export function name(value: /*^*/string): void { // expect: BH1105
}
