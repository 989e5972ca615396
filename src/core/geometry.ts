/** Points in the data plane, as flat typed arrays so they can be transferred to a worker and to tfjs. */
export interface PointSet {
  /** Coordinates, interleaved: x0, y0, x1, y1, ... (length 2 n). */
  xy: Float32Array;
  /** Labels in {-1, +1} (length n). */
  labels: Float32Array;
}

/** An axis-aligned box in data space. */
export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A generated dataset, split into training and test points, and the region in which to draw it. */
export interface Dataset {
  train: PointSet;
  test: PointSet;
  /** A square-ish box that holds all points with a margin; plots and grid analysis use it. */
  domain: Domain;
}
