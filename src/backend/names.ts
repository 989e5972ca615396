/**
 * Backend names and the parsing of a requested backend, without importing tfjs (the playground's page
 * reads `?backend=` but leaves every tensor to the training worker).
 */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendPreference = 'auto' | BackendName;

/** Reads a backend preference such as a URL value; undefined when it names no backend. */
export function parsePreference(value: string | null | undefined): BackendPreference | undefined {
  if (value == null) return undefined;
  const v = value.trim().toLowerCase();
  return v === 'auto' || (BACKEND_NAMES as readonly string[]).includes(v) ? (v as BackendPreference) : undefined;
}
