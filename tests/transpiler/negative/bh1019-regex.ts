// Negative case: regular expressions (BH1019).

export function pattern(): void {
  const matcher = /*^*//ab+c/; // expect: BH1019
}
