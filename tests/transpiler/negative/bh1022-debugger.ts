// Negative case: the 'debugger' statement (BH1022).

export function pause(): void {
  /*^*/debugger; // expect: BH1022
}
