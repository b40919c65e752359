// Renders the marketplace icon (images/icon.png, 128×128; the Marketplace
// does not accept SVG there) from images/icon.svg with librsvg's rsvg-convert
// (Debian: apt-get install -y librsvg2-bin). The file icons stay SVG.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const images = join(dirname(fileURLToPath(import.meta.url)), '..', 'images');
const result = spawnSync('rsvg-convert', ['-w', '128', '-h', '128', join(images, 'icon.svg'), '-o', join(images, 'icon.png')], {
  stdio: 'inherit',
});
if (result.error) {
  console.error('icons: rsvg-convert not found; install it with apt-get install -y librsvg2-bin');
  process.exit(1);
}
process.exit(result.status ?? 1);
