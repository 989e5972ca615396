/** The list of keyboard shortcuts (press ? or the "Keys" button); Esc or Close hides it. */
import { SHORTCUT_HELP } from './keyboard';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="pg-shortcuts" role="dialog" aria-label="Keyboard shortcuts">
      <table>
        <tbody>
          {SHORTCUT_HELP.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Keys work anywhere except while typing in a field.</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
