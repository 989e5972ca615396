/**
 * Sizes field snapshots to their cost while training plays: a snapshot of the full grid (201 x 201 by
 * default) can cost more than the 200 ms between refreshes on a slow machine, so a playing run steps down
 * to coarser grids until one snapshot fits BUDGET_MS, and back up when there is room. Paused, stepped and
 * final snapshots always use the full grid (they are what a person studies, and what the runner's numbers
 * are compared with). Pure: the caller reports each snapshot's cost.
 */

/** Grid sizes (nodes per side) a playing run may use, finest first; never above the requested size. */
const PLAYING_GRID_NODES = [201, 151, 101] as const;
/**
 * What one snapshot may cost while playing: the plot refreshes about 5 times a second, and the field
 * worker leaves the training worker and the page most of a 2-core machine (120 ms measured faster
 * training than 180 ms here, at the same refresh rate).
 */
const BUDGET_MS = 120;

export class FieldSizer {
  private level = 0;

  /** The grid size of the next snapshot, for a requested (full) size. */
  gridNodes(requested: number, playing: boolean): number {
    return playing ? Math.min(requested, PLAYING_GRID_NODES[this.level]) : requested;
  }

  /**
   * Records what a snapshot at the current level cost; only snapshots taken while playing adapt the size.
   * Down a level when it cost more than 1.25x the budget; up when the finer grid's predicted cost (this
   * one's times the ratio of node counts) fits the budget. A fixed "far below budget" threshold kept runs
   * on the coarsest grid when the next one would have fitted (101 nodes at 60 ms: 151 costs about 2.2x).
   */
  record(costMs: number, playing: boolean): void {
    if (!playing) return;
    if (costMs > 1.25 * BUDGET_MS && this.level < PLAYING_GRID_NODES.length - 1) {
      this.level++;
      return;
    }
    if (this.level === 0) return;
    const finerCost = costMs * (PLAYING_GRID_NODES[this.level - 1] / PLAYING_GRID_NODES[this.level]) ** 2;
    if (finerCost < BUDGET_MS) this.level--;
  }
}
