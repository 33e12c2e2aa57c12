// The search page's image part (issue 20, ADR 025). Without this script the page says that an image search needs
// scripts; the caption search works without it. With it, the chosen image is hashed on the device (image-hash.js) and
// only {pdq, quality} is sent to intake's /search/hashes, which asks matching; the file input belongs to no form, so
// the image itself is never sent. Found items become checkboxes of the "add to a new request" form, like the caption
// results the server rendered. Texts come from the block's data attributes (the page's language).
import { hashFile } from './image-hash.js';

const block = document.getElementById('image-search');
const input = document.getElementById('search-image');
const notice = document.getElementById('image-needs-scripts');
const status = document.getElementById('image-search-status');
const results = document.getElementById('image-results');
const add = document.getElementById('add-to-request');

// "%s, release %s" with the values in turn.
function fill(text, ...values) {
  let i = 0;
  return text.replace(/%s/g, () => String(values[i++]));
}

function show(found) {
  results.replaceChildren();
  let count = 0;
  const heading = document.createElement('p');
  heading.textContent = block.dataset.found;
  results.append(heading);
  for (const release of found.releases) {
    if (!release.items || release.items.length === 0) {
      continue;
    }
    const set = document.createElement('fieldset');
    set.className = 'release';
    const legend = document.createElement('legend');
    legend.textContent = fill(block.dataset.release, release.datasetId, release.releaseId);
    const list = document.createElement('ul');
    list.className = 'results';
    for (const item of release.items) {
      const id = `pick-image-${count++}`;
      const li = document.createElement('li');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = id;
      box.name = 'pick';
      box.value = `${release.datasetId} ${item.url}`;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.className = 'inline';
      label.textContent = item.caption || item.url;
      const url = document.createElement('span');
      url.className = 'hint url';
      url.textContent = item.url;
      li.append(box, ' ', label, ' ', url);
      list.append(li);
    }
    set.append(legend, list);
    results.append(set);
  }
  if (count === 0) {
    results.replaceChildren();
    status.textContent = block.dataset.none;
  } else {
    status.textContent = '';
    add.hidden = false;
  }
}

async function search() {
  results.replaceChildren();
  status.textContent = '';
  const file = input.files[0];
  if (!file) {
    return;
  }
  status.textContent = block.dataset.hashing;
  let line;
  try {
    line = await hashFile(file);
  } catch (e) {
    status.textContent = block.dataset.unreadable;
    return;
  }
  const [pdq, quality] = line.split(' ');
  status.textContent = block.dataset.searching;
  let answer;
  try {
    answer = await fetch('/search/hashes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ pdq, quality: Number(quality) }),
      credentials: 'same-origin',
    });
  } catch (e) {
    status.textContent = block.dataset.unavailable;
    return;
  }
  if (answer.status === 429) {
    status.textContent = block.dataset.busy;
    return;
  }
  if (!answer.ok) {
    status.textContent = block.dataset.unavailable;
    return;
  }
  const found = await answer.json();
  if (found.lowQuality) {
    status.textContent = block.dataset.lowQuality;
    return;
  }
  show(found);
}

if (block && input && results && add && window.createImageBitmap && window.fetch) {
  notice.hidden = true;
  block.hidden = false;
  input.addEventListener('change', search);
}
