/**
 * Entry point: the playground; with `?diagnostics` the backend diagnostics page (backend choice, check
 * computation on each backend, worker check). (The plots alone, on synthetic data: src/dev/preview.html
 * under `npm run dev`.) Each is loaded on demand, so the playground's page
 * does not carry tfjs: all tensor work happens in the training worker.
 */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

function showFailure(error: unknown): void {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.style.cssText = 'font: 1.25rem system-ui, sans-serif; margin: 2rem';
  p.textContent = `Lipschitz Playground could not start: ${error instanceof Error ? error.message : String(error)}`;
  root!.replaceChildren(p);
}

const params = new URLSearchParams(window.location.search);
const page = params.has('diagnostics')
  ? import('./ui/diagnostics/startDiagnostics').then((m) => m.startDiagnostics(root))
  : import('./ui/startPlayground').then((m) => m.startPlayground(root));
page.catch(showFailure);
