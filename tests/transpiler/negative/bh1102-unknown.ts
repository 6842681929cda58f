// Negative case: 'unknown' in a parameter type (BH1102).

export function store(value: /*^*/unknown): void { // expect: BH1102
}
