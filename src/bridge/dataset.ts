/**
 * The dataset as Python: scikit-learn's generator where the playground's dataset has its geometry (moons,
 * circles, blobs), the playground's own points otherwise. Either way `load_data()` returns float32 arrays
 * x_train (n, 2), y_train (n, 1) with labels -1 / +1, x_test, y_test, split as the configuration says.
 */
import type { DataConfig, DatasetName } from '../core/config';
import type { PointSet } from '../core/geometry';
import { pyComment, pyFloat, pyFloatList } from './pyText';

/** The train and test points the playground made of a data configuration (data/split.ts generateDataset). */
export interface DatasetPoints {
  train: PointSet;
  test: PointSet;
}

/** Datasets whose geometry scikit-learn generates: the call, and what it shares with the playground's. */
const SKLEARN: Partial<Record<DatasetName, { call: string; about: string[] }>> = {
  moons: {
    call: 'make_moons(n_samples=N, noise=NOISE, random_state=DATA_SEED)',
    about: [
      "scikit-learn's make_moons is the playground's moons geometry: class +1 (make_moons' label 1) on the lower",
      'moon, ceil(n/2) points, jitter of std NOISE. The playground draws the angle uniformly where make_moons',
      'spaces it evenly, with its own seeded generator: the same distribution, not the same points.',
    ],
  },
  circles: {
    call: 'make_circles(n_samples=N, noise=NOISE, factor=0.5, random_state=DATA_SEED)',
    about: [
      "scikit-learn's make_circles with factor 0.5 is the playground's circles: class +1 (label 1) on the",
      'circle of radius 0.5, class -1 on radius 1, jitter of std NOISE. The same distribution, not the same points.',
    ],
  },
  blobs: {
    call: 'make_blobs(n_samples=[N // 2, N - N // 2], centers=[[-1.0, 0.0], [1.0, 0.0]], cluster_std=0.3 + NOISE, random_state=DATA_SEED)',
    about: [
      "scikit-learn's make_blobs with the playground's centres (+1, 0) for class +1 (label 1) and (-1, 0) for",
      'class -1, std 0.3 + NOISE. The same distribution, not the same points.',
    ],
  },
};

const SPLIT = `def split(x, y):
    """Holds out round(n * TEST_FRACTION) points (at most n - 1) for testing, after a seeded shuffle."""
    order = np.random.default_rng(DATA_SEED).permutation(len(x))
    n_test = max(0, min(len(x) - 1, int(np.floor(len(x) * TEST_FRACTION + 0.5))))
    return x[order[n_test:]], y[order[n_test:]], x[order[:n_test]], y[order[:n_test]]`;

function sklearnData(data: DataConfig, spec: { call: string; about: string[] }): string {
  const fn = spec.call.slice(0, spec.call.indexOf('('));
  return [
    pyComment([`The data: the playground's ${data.name}, ${data.n} points, noise ${data.noise}, seed ${data.seed}, scale ${data.scale}.`, ...spec.about]),
    `N = ${data.n}`,
    `NOISE = ${pyFloat(data.noise)}`,
    `SCALE = ${pyFloat(data.scale)}`,
    `DATA_SEED = ${data.seed}`,
    `TEST_FRACTION = ${pyFloat(data.testFraction)}`,
    '',
    '',
    SPLIT,
    '',
    '',
    'def load_data():',
    `    from sklearn.datasets import ${fn}`,
    '',
    `    x, label = ${spec.call}`,
    '    x = (x * SCALE).astype(np.float32)',
    '    y = np.where(label == 1, 1.0, -1.0).astype(np.float32)[:, None]',
    '    return split(x, y)',
  ].join('\n');
}

function embeddedData(data: DataConfig, points: DatasetPoints): string {
  const what = data.name === 'user' ? 'the user\'s points' : `the playground's ${data.name} points (${data.n} points, noise ${data.noise}, seed ${data.seed}, scale ${data.scale})`;
  return [
    pyComment([
      `The data: ${what}, exactly as the playground drew and split them`,
      `(${points.train.labels.length} for training, ${points.test.labels.length} held out). scikit-learn has no generator of this geometry.`,
      'Coordinates are interleaved x0, y0, x1, y1, ...; labels are -1 / +1.',
    ]),
    `X_TRAIN = ${pyFloatList(points.train.xy)}`,
    `Y_TRAIN = ${pyFloatList(points.train.labels)}`,
    `X_TEST = ${pyFloatList(points.test.xy)}`,
    `Y_TEST = ${pyFloatList(points.test.labels)}`,
    '',
    '',
    'def load_data():',
    '    def xs(flat):',
    '        return np.array(flat, dtype=np.float32).reshape(-1, 2)',
    '',
    '    def ys(labels):',
    '        return np.array(labels, dtype=np.float32).reshape(-1, 1)',
    '',
    '    return xs(X_TRAIN), ys(Y_TRAIN), xs(X_TEST), ys(Y_TEST)',
  ].join('\n');
}

/** Whether the script can draw this dataset with scikit-learn (otherwise it needs the points). */
export function usesSklearn(name: DatasetName): boolean {
  return SKLEARN[name] !== undefined;
}

/** Python source defining `load_data()` (numpy imported as np). Throws when the points are needed and missing. */
export function datasetPython(data: DataConfig, points: DatasetPoints | undefined): string {
  const spec = SKLEARN[data.name];
  if (spec) return sklearnData(data, spec);
  if (!points) throw new Error(`the ${data.name} dataset has no scikit-learn generator: the script needs its points`);
  return embeddedData(data, points);
}
