import { useEffect, useRef } from 'react';
import { SHORTCUT_HELP } from './keyboard-shortcuts.js';
import { useWritesRecords } from './permissions.js';

/** The `?` overlay; a native modal dialog, so focus stays inside and Escape closes it. */
export function ShortcutHelp(props: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const writes = useWritesRecords();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) element.showModal();
    if (!props.open && element.open) element.close();
  }, [props.open]);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcut-help-title" onClose={props.onClose}>
      <div className="dialog-header">
        <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
        <button type="button" className="button button-small" onClick={props.onClose}>
          Close
        </button>
      </div>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUT_HELP.filter((shortcut) => writes || !shortcut.writes).map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                {shortcut.keys.split(' ').map((step, index) => (
                  <span key={step}>
                    {index > 0 && <span className="muted"> then </span>}
                    {step.split('+').map((key, keyIndex) => (
                      <span key={key}>
                        {keyIndex > 0 && '+'}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
              <td>{shortcut.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
