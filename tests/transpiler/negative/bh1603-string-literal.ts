// Negative case: a string literal stored in a local variable instead of passed to a cstr parameter (BH1603).
export function label(): void {
  const text = /*^*/'engine'; // expect: BH1603
}
