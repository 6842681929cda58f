// Negative case: BigInt literals are syntax outside the subset (BH1001).
export function big(): void {
  const large = /*^*/10n; // expect: BH1001
}
