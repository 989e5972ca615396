/**
 * Development preview of the plots (not part of the app build): `npx vite`, then open
 * /src/dev/preview.html. Renders PlotDemo on its own, without the app's startup work.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PlotDemo } from './PlotDemo';

const root = document.getElementById('root');
if (!root) throw new Error('preview.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PlotDemo />
  </StrictMode>,
);
