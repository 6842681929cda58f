// Negative case: an expression whose type is not a subset type: 'globalThis' (BH1116).
export function probe(): void {
  const scope = /*^*/globalThis; // expect: BH1116
}
