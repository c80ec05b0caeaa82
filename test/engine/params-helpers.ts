/**
 * Every field a default trial's or compare's params carry. Some fields appear only when they apply, so that params
 * from before they existed keep their bytes: testFraction (user data), widths (unequal layer sizes), norm (norm
 * layers), residualScale (scaled residual branches), parametrization and baseWidth (a width parametrisation).
 */
const ONLY_WHEN_GIVEN: ReadonlySet<string> = new Set([
  'testFraction',
  'widths',
  'norm',
  'residualScale',
  'parametrization',
  'baseWidth',
]);

export const builtinKeys = (table: object): string[] =>
  Object.keys(table)
    .filter((k) => !ONLY_WHEN_GIVEN.has(k))
    .sort();
