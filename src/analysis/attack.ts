/**
 * The minimum-norm attack: for a point x, a nearby point x* of the other predicted class, found from f and
 * grad f alone, so its distance |x* - x| can be set against the certified radius |f(x)| / L_bound
 * (docs/math.md, "Attack"). Plain JS over a callback (`AttackField`), no tfjs: train/attack.ts evaluates a
 * model in batches, tests use analytic fields.
 *
 * Per point, deterministic and bounded (`maxAttackEvaluations`):
 * 1. Search: projected, normalised gradient steps away from x's class (class s = sign f(x), +1 iff f > 0:
 *    the label for a correctly classified point), each of length OVERSHOOT |f| / |grad f| (one Newton step
 *    to the linearised boundary, a little beyond), clamped to [precision, MAX_STEP_FRACTION * box side],
 *    clipped to the box, until a point of the other class is reached or `searchSteps` steps are spent.
 * 2. Bisection on the straight segment from x to that point down to `precision`.
 * 3. Refinement, up to `refineRounds`: the nearest boundary point is where the direction from x is
 *    normal to the boundary. So turn the direction u = (p - x) / |p - x| towards the boundary's normal at
 *    the flip point p (-s grad f(p) / |grad f(p)|): the first time by the full angle (on a straight
 *    boundary, x's projection in one round), then by a secant step that allows for curvature (`nextTurn`).
 *    If the turned ray meets no other class within the current distance, halve the turn (REFINE_TURNS
 *    times at most); at the first that does, bisect from x to the ray's end, and keep the result if
 *    nearer. It stops when a round gains less than `precision`, or the angle to the normal is below it.
 *
 * The reported flip point is always the bisection end ON THE OTHER SIDE (its class was evaluated to
 * differ from x's), within `precision` along its segment of a sign change of f. So:
 * - soundness: if f is L-Lipschitz, |f(x) - f(x*)| >= |f(x)|, hence |x* - x| >= |f(x)| / L exactly; the
 *   bisection's precision does not enter. Only float32 evaluation of f does (an error e in f gives
 *   distance / radius >= 1 - e / |f(x)|);
 * - tightness: the distance overstates the sign change on the final segment by at most `precision`.
 * A value of f that is not finite never counts as the other class.
 */
import type { Domain } from '../core/geometry';

/** f and its gradient at batches of points (interleaved x, y): what the attack needs of a model. */
export interface AttackField {
  /** f at n points: n values. */
  values(xy: Float32Array): Promise<ArrayLike<number>>;
  /** f and grad f at n points: n values, and 2n gradient components (df/dx, df/dy per point). */
  valuesAndGradients(xy: Float32Array): Promise<{ f: ArrayLike<number>; grad: ArrayLike<number> }>;
}

/** Budgets and precision of the attack (the defaults below are what reports use). */
export interface AttackSettings {
  /** Gradient steps of the search at most. */
  searchSteps: number;
  /** Refinement rounds at most. */
  refineRounds: number;
  /** Bisection precision as a fraction of the box's larger side (the interval it stops at). */
  precisionFraction: number;
}

/**
 * 40 steps of at most a tenth of the box side cross the box four times over; 1e-5 of the side is about
 * 4e-5 on the moons' domain, far below any radius worth reading, and 18 halvings at most; 8 refinement
 * rounds bring a point whose search met the boundary far from its nearest point (x above the vertex of a
 * parabola) to within a few precisions of it (attack.test.ts). On a trained moons net the median point
 * costs about 40 evaluations, the worst about 170 of the 259 allowed.
 */
export const DEFAULT_ATTACK_SETTINGS: AttackSettings = { searchSteps: 40, refineRounds: 8, precisionFraction: 1e-5 };

/** A search step goes this far past the linearised boundary, so that a locally straight boundary is crossed in one step. */
const OVERSHOOT = 1.25;
/** Longest search step, as a fraction of the box side: a flat f (small gradient) must not jump across the plot. */
const MAX_STEP_FRACTION = 0.1;
/**
 * Turns tried per refinement round: the proposed one, then halved down to 1/32 (a ray that meets no other
 * class costs one evaluation; only the first that does is bisected).
 */
const REFINE_TURNS = 6;
/** The longest turn, in multiples of the angle to the normal (the distance may be nearly flat along the boundary). */
const MAX_TURN_GAIN = 8;
/** The search stops when the box leaves it less than this fraction of `precision` to move (stuck in a corner). */
const STUCK_FRACTION = 0.01;

type Point = [number, number];

/** One evaluation the attack asks for. */
interface Query {
  point: Point;
  gradient: boolean;
}

/** Its answer: f, and the gradient when asked for (NaN otherwise). */
interface Answer {
  f: number;
  gx: number;
  gy: number;
}

/** What the attack found for one point. */
export interface AttackResult {
  /** f(x): its sign is the class attacked (+1 iff f > 0), |f(x)| / L_bound the certified radius. */
  f: number;
  /** Whether a point of the other class was found within the budget and the box. */
  flipped: boolean;
  /** |x* - x|, the length of the perturbation found; null without a flip. */
  distance: number | null;
  /** x*: evaluated to be of the other class, within `precision` of a sign change of f; null without a flip. */
  flipPoint: Point | null;
  /** x, then the search's gradient steps up to the first point of the other class (or where it stopped): for drawing. */
  path: Point[];
  /** Evaluations of f at a point (with or without its gradient) spent on this point. */
  evaluations: number;
}

/** The bisection's stopping interval: `precisionFraction` of the box's larger side. */
export function attackPrecision(box: Domain, settings: AttackSettings = DEFAULT_ATTACK_SETTINGS): number {
  return settings.precisionFraction * boxSide(box);
}

function boxSide(box: Domain): number {
  return Math.max(box.xMax - box.xMin, box.yMax - box.yMin);
}

/** Halvings of one bisection at most: a segment inside the box is at most its diagonal, sqrt(2) sides. */
function maxBisectionSteps(settings: AttackSettings): number {
  return Math.ceil(Math.log2(Math.SQRT2 / settings.precisionFraction));
}

/**
 * The most evaluations one point can cost: the start, the search, one bisection, and per refinement round
 * the gradient at the flip point, the end of each turned ray tried, and one bisection.
 * @internal The budget the tests hold every attack to (and docs/math.md states).
 */
export function maxAttackEvaluations(settings: AttackSettings = DEFAULT_ATTACK_SETTINGS): number {
  const bisection = maxBisectionSteps(settings);
  return 1 + settings.searchSteps + bisection + settings.refineRounds * (1 + REFINE_TURNS + bisection);
}

const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The point clipped to the box, rounded to float32 (what the model evaluates, so distances are exact). */
function inBox(box: Domain, x: number, y: number): Point {
  const clamp = (v: number, lo: number, hi: number) => Math.fround(Math.min(hi, Math.max(lo, v)));
  return [clamp(x, box.xMin, box.xMax), clamp(y, box.yMin, box.yMax)];
}

/** start + d, or the point where that segment leaves the box: clipped along the ray, so its direction is kept. */
function alongRay(box: Domain, start: Point, d: Point): Point {
  let s = 1;
  const limit = (from: number, step: number, lo: number, hi: number) => {
    if (step > 0) s = Math.min(s, (hi - from) / step);
    else if (step < 0) s = Math.min(s, (lo - from) / step);
  };
  limit(start[0], d[0], box.xMin, box.xMax);
  limit(start[1], d[1], box.yMin, box.yMax);
  return inBox(box, start[0] + s * d[0], start[1] + s * d[1]);
}

/** An angle difference in (-pi, pi]. */
function wrap(a: number): number {
  return a - 2 * Math.PI * Math.ceil((a - Math.PI) / (2 * Math.PI));
}

/**
 * The turn of the direction from x (angle theta) that should make it normal to the boundary, where the
 * normal at its flip point is `angle` away. The first time, the full angle (exact on a straight boundary).
 * Then, from the previous round: where turning shrank the angle, the secant step on angle(theta) = 0
 * (corrects for curvature); where it did not (x sits above a bump of the boundary, say, and the search came
 * down on its top), twice the last turn, so a long way round takes a few rounds. Never more than
 * MAX_TURN_GAIN times the angle, and always towards the normal.
 */
function nextTurn(previous: { theta: number; angle: number } | null, theta: number, angle: number): number {
  if (!previous) return angle;
  const last = wrap(theta - previous.theta);
  const slope = (angle - previous.angle) / last;
  const turn = slope < 0 ? -angle / slope : Math.sign(angle) * Math.max(Math.abs(angle), 2 * Math.abs(last));
  if (!(turn * angle > 0)) return angle; // against the normal (or NaN): the plain angle
  return Math.sign(angle) * Math.min(Math.abs(turn), MAX_TURN_GAIN * Math.abs(angle));
}

const onSegment = (a: Point, b: Point, t: number): Point => [
  Math.fround(a[0] + t * (b[0] - a[0])),
  Math.fround(a[1] + t * (b[1] - a[1])),
];

/** The attack on one point, as a generator of evaluations (the driver batches them across points). */
function* attackPoint(start: Point, box: Domain, settings: AttackSettings): Generator<Query, AttackResult, Answer> {
  const precision = attackPrecision(box, settings);
  const maxStep = MAX_STEP_FRACTION * boxSide(box);
  let evaluations = 0;
  function* ask(point: Point, gradient: boolean): Generator<Query, Answer, Answer> {
    evaluations++;
    return yield { point, gradient };
  }

  const first = yield* ask(start, true);
  const path: Point[] = [start];
  const noFlip = (): AttackResult => ({ f: first.f, flipped: false, distance: null, flipPoint: null, path, evaluations });
  if (!Number.isFinite(first.f)) return noFlip();
  const cls = first.f > 0 ? 1 : -1;
  const isOther = (f: number) => Number.isFinite(f) && (f > 0 ? 1 : -1) !== cls;

  /** Bisection between `near` (x's class, or not finite) and `far` (the other class); returns the far end. */
  function* bisect(near: Point, far: Point, fFar: number): Generator<Query, { point: Point; f: number }, Answer> {
    const steps = Math.min(Math.max(0, Math.ceil(Math.log2(distance(near, far) / precision))), maxBisectionSteps(settings));
    let lo = 0;
    let hi = 1;
    let found = { point: far, f: fFar };
    for (let i = 0; i < steps; i++) {
      const mid = (lo + hi) / 2;
      const point = onSegment(near, far, mid);
      const { f } = yield* ask(point, false);
      if (isOther(f)) {
        hi = mid;
        found = { point, f };
      } else lo = mid;
    }
    return found;
  }

  // 1. Search.
  let here = start;
  let at = first;
  let crossed: { point: Point; f: number } | null = null;
  for (let k = 0; k < settings.searchSteps && !crossed; k++) {
    const norm = Math.hypot(at.gx, at.gy);
    if (!(norm > 0) || !Number.isFinite(norm)) break; // no direction to follow
    const length = Math.min(maxStep, Math.max(precision, (OVERSHOOT * Math.abs(at.f)) / norm));
    const next = inBox(box, here[0] - (cls * length * at.gx) / norm, here[1] - (cls * length * at.gy) / norm);
    if (distance(next, here) < STUCK_FRACTION * precision) break;
    const answer = yield* ask(next, true);
    path.push(next);
    if (isOther(answer.f)) crossed = { point: next, f: answer.f };
    here = next;
    at = answer;
  }
  if (!crossed) return noFlip();

  // 2. Bisection from x.
  let best = yield* bisect(start, crossed.point, crossed.f);
  let bestDistance = distance(best.point, start);

  // 3. Refinement: turn the direction from x until it is normal to the boundary at its flip point.
  let previous: { theta: number; angle: number } | null = null;
  for (let round = 0; round < settings.refineRounds; round++) {
    const { gx, gy } = yield* ask(best.point, true);
    const norm = Math.hypot(gx, gy);
    if (!(norm > 0) || !Number.isFinite(norm)) break;
    const theta = Math.atan2(best.point[1] - start[1], best.point[0] - start[0]);
    const angle = wrap(Math.atan2(-cls * gy, -cls * gx) - theta); // from the direction to the normal towards the other class
    if (!(Math.abs(angle) * bestDistance > precision) || Math.abs(angle) >= Math.PI / 2) break; // normal already, or a kink
    const turn = nextTurn(previous, theta, angle);
    previous = { theta, angle };
    let gain = 0;
    for (let attempt = 0; attempt < REFINE_TURNS; attempt++) {
      const to = theta + turn / 2 ** attempt;
      const end = alongRay(box, start, [bestDistance * Math.cos(to), bestDistance * Math.sin(to)]);
      const fEnd = (yield* ask(end, false)).f;
      if (!isOther(fEnd)) continue; // this ray meets no other class within the best distance: turn less
      const next = yield* bisect(start, end, fEnd);
      gain = bestDistance - distance(next.point, start);
      if (gain > 0) [best, bestDistance] = [next, bestDistance - gain];
      break;
    }
    if (!(gain >= precision)) break;
  }
  return { f: first.f, flipped: true, distance: bestDistance, flipPoint: best.point, path, evaluations };
}

/**
 * Attacks every point of `xy` (interleaved x, y) inside `box`, all in lockstep: each round evaluates the
 * points that need a gradient in one batch and the others in another, so a model sees a few hundred
 * batched calls however many points there are. Each point's result depends only on f, not on the batching.
 */
export async function minimumNormAttack(
  field: AttackField,
  xy: Float32Array,
  box: Domain,
  settings: AttackSettings = DEFAULT_ATTACK_SETTINGS,
): Promise<AttackResult[]> {
  if (xy.length % 2 !== 0) throw new Error(`xy length must be even (interleaved x, y), got ${xy.length}`);
  const n = xy.length / 2;
  const runs = Array.from({ length: n }, (_, k) => attackPoint([xy[2 * k], xy[2 * k + 1]], box, settings));
  const results: AttackResult[] = new Array(n);
  const advance = (k: number, step: IteratorResult<Query, AttackResult>): Query | null => {
    if (!step.done) return step.value;
    results[k] = step.value;
    return null;
  };
  const pending = runs.map((run, k) => advance(k, run.next()));
  for (;;) {
    const withGradient = pending.flatMap((q, k) => (q?.gradient ? [k] : []));
    const valuesOnly = pending.flatMap((q, k) => (q && !q.gradient ? [k] : []));
    if (withGradient.length === 0 && valuesOnly.length === 0) return results;
    const pointsOf = (ks: number[]) => Float32Array.from(ks.flatMap((k) => (pending[k] as Query).point));
    if (withGradient.length > 0) {
      const { f, grad } = await field.valuesAndGradients(pointsOf(withGradient));
      withGradient.forEach((k, i) => (pending[k] = advance(k, runs[k].next({ f: f[i], gx: grad[2 * i], gy: grad[2 * i + 1] }))));
    }
    if (valuesOnly.length > 0) {
      const f = await field.values(pointsOf(valuesOnly));
      valuesOnly.forEach((k, i) => (pending[k] = advance(k, runs[k].next({ f: f[i], gx: NaN, gy: NaN }))));
    }
  }
}
