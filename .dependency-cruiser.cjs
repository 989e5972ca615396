/**
 * The one-way layering of src/ (docs/design.md, "Floors of src/"), checked by `npm run lint` (dependency-cruiser), which
 * `npm test` runs first. Folders are floors; an import may only point down (skipping floors is fine) or
 * stay inside its own folder:
 *
 *   ui, dev, cli        top (dev may also import ui; cli only train and below)
 *   app                 store, URL codec; never reaches tfjs
 *   worker
 *   train
 *   lip, data, analysis, backend, bridge   each imports core only (bridge: the Python export,
 *                       also free of tfjs so the page can use it)
 *   core                imports nothing of the project
 *   testing             test support: only *.test.ts files import it
 *
 * Type-only imports count as imports. A *.test.ts file may import anything on its own floor or below
 * (the lines above: lip, data, analysis, backend, bridge are one floor; ui, dev, cli another) plus src/testing.
 * src/main.tsx, the page's entry, sits above everything.
 *
 * Rules are built from the FLOORS table below; each names the folder and what it may import, so a
 * violation reads e.g. "error lip-imports-only-lower-floors: src/lip/b.ts → src/app/c.ts", then the rule's
 * comment in plain words.
 */

/** Each folder of src/ and the folders its production code may import (besides itself). */
const FLOORS = {
  core: [],
  lip: ['core'],
  data: ['core'],
  analysis: ['core'],
  backend: ['core'],
  bridge: ['core'],
  train: ['lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
  worker: ['train', 'lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
  app: ['worker', 'train', 'lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
  ui: ['app', 'worker', 'train', 'lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
  dev: ['ui', 'app', 'worker', 'train', 'lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
  cli: ['train', 'lip', 'data', 'analysis', 'backend', 'bridge', 'core'],
};

/** Floor numbers for test files: a test may import any folder whose number is at most its own. */
const LEVEL = { core: 0, lip: 1, data: 1, analysis: 1, backend: 1, bridge: 1, train: 2, worker: 3, app: 4, ui: 5, dev: 5, cli: 5 };

const TEST = '\\.test\\.tsx?$';
const KNOWN = [...Object.keys(FLOORS), 'testing'];
const anyOf = (folders) => `^src/(${folders.join('|')})/`;

const floorRules = Object.entries(FLOORS).map(([folder, allowed]) => ({
  name: allowed.length ? `${folder}-imports-only-lower-floors` : `${folder}-imports-nothing-of-the-project`,
  severity: 'error',
  comment:
    `src/${folder} may import ` +
    (allowed.length ? `only itself and ${allowed.map((f) => `src/${f}`).join(', ')}` : 'nothing else of the project') +
    '. Imports point down only (type-only imports count too): move the shared code or type down a floor.',
  from: { path: `^src/${folder}/`, pathNot: TEST },
  to: { path: '^src/', pathNot: anyOf([folder, ...allowed]) },
}));

const testRules = Object.keys(FLOORS).map((folder) => {
  const allowed = Object.keys(LEVEL).filter((f) => LEVEL[f] <= LEVEL[folder]);
  return {
    name: `${folder}-tests-import-only-their-floor-or-lower`,
    severity: 'error',
    comment: `a test in src/${folder} may import only its own floor or lower (${allowed.map((f) => `src/${f}`).join(', ')}) and src/testing.`,
    from: { path: [`^src/${folder}/.*${TEST}`] },
    to: { path: '^src/', pathNot: anyOf([...allowed, 'testing']) },
  };
});

module.exports = {
  forbidden: [
    ...floorRules,
    ...testRules,
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      comment: 'src/testing is test support: only *.test.ts files may import it, production code never.',
      from: { path: '^src/', pathNot: [TEST, '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'no-unknown-folder',
      severity: 'error',
      comment: `every source file lives in one of the floors (${KNOWN.map((f) => `src/${f}`).join(', ')}) or is src/main.tsx; add a new folder to FLOORS in .dependency-cruiser.cjs first.`,
      from: { path: '^src/', pathNot: [anyOf(KNOWN), '^src/main\\.tsx$'] },
      to: {},
    },
    {
      name: 'page-never-reaches-tfjs',
      severity: 'error',
      comment:
        'src/app and src/ui (except src/ui/diagnostics) must not reach @tensorflow/*, directly or through what they import ' +
        '(type-only imports count; the path is shown above): tfjs runs only in the training worker.',
      from: { path: '^src/(app|ui)/', pathNot: '^src/ui/diagnostics/' },
      to: { path: '^node_modules/@tensorflow/', reachable: true },
    },
    {
      name: 'bridge-never-reaches-tfjs',
      severity: 'error',
      comment:
        'src/bridge (the Python export) must not reach @tensorflow/*, directly or through what it imports: the page imports it ' +
        'for its Export menu. Its tests may (they export real models).',
      from: { path: '^src/bridge/', pathNot: TEST },
      to: { path: '^node_modules/@tensorflow/', reachable: true },
    },
    {
      name: 'no-ui-libraries-below-app',
      severity: 'error',
      comment: 'core, lip, data, analysis, backend, bridge, train and worker never import react, react-dom, zustand or d3.',
      from: { path: '^src/(core|lip|data|analysis|backend|bridge|train|worker)/' },
      to: { path: '^node_modules/(@types/)?(react|react-dom|zustand|d3|d3-[^/]+)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'this import cannot be resolved, so the layering rules cannot judge it.',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '\\?(url|raw|worker|inline)$' },
    },
  ],
  options: {
    // Resolve like TypeScript does, through the tsconfig.json of the working directory (the repo root).
    tsConfig: { fileName: 'tsconfig.json' },
    // Keep `import type` edges: type-only imports count as imports.
    tsPreCompilationDeps: true,
    // Packages are leaves: the rules only care which package a file reaches, not its insides.
    doNotFollow: { path: 'node_modules' },
    // Vite-only imports of assets and styles are not code.
    exclude: { path: ['\\.(css|svg|png)$', '\\.wasm$'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
