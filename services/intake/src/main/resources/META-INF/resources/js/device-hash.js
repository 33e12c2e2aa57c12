// Hash on my device (issue 20, ADR 021). Progressive enhancement of the claimant form: without this script the form
// uploads images as before. With it, the claimant may tick "hash on my device": each chosen image is decoded by the
// browser (a canvas), hashed by the project's own PDQ compiled to JavaScript (/js/pdq.js, shared/pdq-js), and only
// "<hash> <quality>" lines are sent; the file input is disabled on submit so that no image bytes leave the device.
import { hashFile } from './image-hash.js';

const block = document.getElementById('device-hash');
const files = document.getElementById('f-images');
const form = files && files.form;

function enhance() {
  const choice = document.getElementById('device-hash-on');
  const hashes = document.getElementById('evidence-hashes');
  const status = document.getElementById('device-hash-status');
  const submit = form.querySelector('button[type="submit"]');
  files.closest('.field').after(block);
  block.hidden = false;
  let run = 0;

  async function update() {
    const mine = ++run;
    hashes.value = '';
    status.textContent = '';
    if (!choice.checked || files.files.length === 0) {
      submit.disabled = false;
      return;
    }
    submit.disabled = true;
    status.textContent = block.dataset.hashing;
    const lines = [];
    try {
      for (const file of files.files) {
        lines.push(await hashFile(file));
      }
    } catch (e) {
      if (mine === run) {
        status.textContent = block.dataset.unreadable;
      }
      return;
    }
    if (mine !== run) {
      return;
    }
    hashes.value = lines.join('\n');
    // The page's language: its texts come from the data attributes, {n} standing for the count.
    status.textContent = lines.length === 1 ? block.dataset.hashedOne
      : block.dataset.hashedMany.replace('{n}', String(lines.length));
    submit.disabled = false;
  }

  files.addEventListener('change', update);
  choice.addEventListener('change', update);
  form.addEventListener('submit', () => {
    // A disabled input is not sent: only the hashes go out.
    files.disabled = choice.checked && hashes.value !== '';
  });
  window.addEventListener('pageshow', () => { files.disabled = false; });
}

if (block && form && window.createImageBitmap) {
  enhance();
}
