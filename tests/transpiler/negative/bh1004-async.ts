// Negative case: async functions: there is no event loop on the target (BH1004); the Promise return
// type is not a subset type either (BH1105).
/*^*/export async function poll(): // expect: BH1004
  /*^*/Promise<void> {} // expect: BH1105
