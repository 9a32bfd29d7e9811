#!/usr/bin/env node
// Draws the app's icon (a white lightning bolt on the accent-coloured rounded square) and writes
// every file the installers and the tray need, with nothing but Node:
//   build/icon.png (1024 px; electron-builder's Linux icon), build/icon.ico (Windows, 16–256 px),
//   build/icon.icns (macOS, 16–1024 px), resources/icon.png (the window icon),
//   resources/tray/tray.png + @2x (Windows, Linux), resources/tray/trayTemplate.png + @2x (macOS).
// Run it after changing the drawing: node scripts/make-icons.js
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The bolt, in a 0..1 square.
const BOLT = [
  [0.58, 0.1],
  [0.26, 0.56],
  [0.47, 0.56],
  [0.4, 0.9],
  [0.74, 0.42],
  [0.53, 0.42],
];
const ACCENT_TOP = [0x5a, 0x66, 0xe0];
const ACCENT_BOTTOM = [0x3b, 0x46, 0xb8];

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin;
  const hi = 1 - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** RGBA pixels, 4×4 supersampled. `kind`: 'app' (coloured square, white bolt) or 'template' (black bolt only). */
function draw(size, kind) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  const margin = kind === 'app' ? 0.06 : 0;
  const bolt = kind === 'app' ? BOLT : BOLT.map(([x, y]) => [(x - 0.5) * 1.25 + 0.5, (y - 0.5) * 1.15 + 0.5]);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (kind === 'app' && insideRoundedSquare(x, y, margin, 0.2)) bg++;
          if (insidePolygon(x, y, bolt)) fg++;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      if (kind === 'template') {
        pixels[i + 3] = Math.round((fg / n) * 255);
        continue;
      }
      const t = py / Math.max(1, size - 1);
      const base = ACCENT_TOP.map((c, k) => c + (ACCENT_BOTTOM[k] - c) * t);
      const f = fg / n;
      for (let k = 0; k < 3; k++) pixels[i + k] = Math.round(base[k] * (1 - f) + 255 * f);
      pixels[i + 3] = Math.round((Math.max(bg, fg) / n) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size, kind = 'app') {
  const pixels = draw(size, kind);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** An ICO of PNG images (Windows Vista and later read PNG entries at every size). */
export function ico(sizes) {
  const images = sizes.map((size) => png(size));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(images[i].length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

/** An ICNS of PNG entries: icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024. */
export function icns() {
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  const entries = types.map(([type, size]) => {
    const data = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function write(relative, data) {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`make-icons: ${relative} (${data.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  write('build/icon.png', png(1024));
  write('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256]));
  write('build/icon.icns', icns());
  write('resources/icon.png', png(256));
  write('resources/tray/tray.png', png(16));
  write('resources/tray/tray@2x.png', png(32));
  write('resources/tray/trayTemplate.png', png(16, 'template'));
  write('resources/tray/trayTemplate@2x.png', png(32, 'template'));
}
