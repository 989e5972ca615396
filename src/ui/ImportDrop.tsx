/**
 * Dropping a file anywhere on the page imports it (as "Import…" does). While files are dragged over the
 * window a veil says what a drop does; text or links dragged around the page are left alone.
 */
import { useEffect, useState } from 'react';
import { useFileImport } from './useFileImport';
import './imports.css';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

export function ImportDrop() {
  const importOne = useFileImport();
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them, the veil goes when the count is 0.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setOver(true);
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overPage = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // allows the drop (and stops the browser from opening the file)
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const file = event.dataTransfer?.files[0];
      if (file) void importOne(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overPage);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overPage);
      window.removeEventListener('drop', drop);
    };
  }, [importOne]);
  if (!over) return null;
  return (
    <div className="lp-drop-veil" data-testid="drop-veil" aria-hidden="true">
      Drop a CSV of points (x,y,label) or a configuration JSON to import it
    </div>
  );
}
