// A confirmation that says what will happen; resolves true only on its confirm button.
import { fill } from './dom.js';

const dialog = document.getElementById('confirm');
document.getElementById('confirm-ok').addEventListener('click', () => dialog.close('ok'));
document.getElementById('confirm-cancel').addEventListener('click', () => dialog.close('cancel'));

export function confirmAction(text, action = 'Confirm') {
  fill(document.getElementById('confirm-text'), text);
  fill(document.getElementById('confirm-ok'), action);
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}
