// Negative case: dynamic globals: 'eval' (BH1012).
export function evaluate(): void {
  /*^*/eval('1'); // expect: BH1012
}
