// The image's PDQ hash, made on the device (ADR 021): decoded by the browser (a canvas) and hashed by the project's own
// PDQ compiled to JavaScript (/js/pdq.js, shared/pdq-js). Answers "<64 hex digits> <quality>". Shared by the form's
// "hash on my device" (device-hash.js) and the search page (search.js).
import { pdqHash } from './pdq.js';

export async function hashFile(file) {
  // No colour management and no premultiplied alpha: PDQ hashes the stored samples, as the services decode them.
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  return pdqHash(pixels, canvas.width, canvas.height);
}
