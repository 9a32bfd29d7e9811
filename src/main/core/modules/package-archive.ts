import { createHash } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** Caps on what one package may hold; past them the package is refused before anything runs. */
export const PACKAGE_LIMITS = {
  maxEntries: 5000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxFileBytes: 100 * 1024 * 1024,
  maxPathLength: 240,
  maxDepth: 16,
};

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const SAFE_SEGMENT = /^[A-Za-z0-9._@+-][A-Za-z0-9 ._@+-]*$/;

/** Checks one path of a package; returns the problem, or null when it is safe to write. */
export function unsafePathReason(name: string): string | null {
  if (name.length === 0) return 'has an empty name';
  if (name.length > PACKAGE_LIMITS.maxPathLength) return `is longer than ${PACKAGE_LIMITS.maxPathLength} characters`;
  if (name.includes('\\')) return 'contains a backslash';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.length > PACKAGE_LIMITS.maxDepth) return `is nested deeper than ${PACKAGE_LIMITS.maxDepth} folders`;
  for (const segment of segments) {
    if (segment === '..') return "contains '..'";
    if (segment === '.' || segment === '') return 'contains an empty or "." segment';
    if (!SAFE_SEGMENT.test(segment)) return `has an unsupported character in "${segment}"`;
  }
  return null;
}

export interface ExtractedPackage {
  /** Folder holding the package's files. */
  dir: string;
  files: string[];
  totalBytes: number;
  sha256: string;
}

/** Copies or extracts a package (folder or .nxmod) into an empty staging folder, checking every entry. */
export async function stagePackage(source: string, stagingDir: string): Promise<ExtractedPackage> {
  const info = await stat(source).catch(() => null);
  if (!info) throw new PackageError(`No package at ${source}: give a module folder or a .nxmod file.`);
  await mkdir(stagingDir, { recursive: true });
  if (info.isDirectory()) return stageFolder(source, stagingDir);
  if (info.isFile()) return extractArchive(source, stagingDir);
  throw new PackageError(`${source} is neither a folder nor a .nxmod file.`);
}

async function stageFolder(source: string, stagingDir: string): Promise<ExtractedPackage> {
  const files = await listFolder(source);
  let totalBytes = 0;
  for (const file of files) {
    const from = join(source, ...file.split('/'));
    const size = (await lstat(from)).size;
    if (size > PACKAGE_LIMITS.maxFileBytes) throw new PackageError(`${file} is larger than ${PACKAGE_LIMITS.maxFileBytes} bytes.`);
    totalBytes += size;
    if (totalBytes > PACKAGE_LIMITS.maxTotalBytes) throw new PackageError(`The package holds more than ${PACKAGE_LIMITS.maxTotalBytes} bytes.`);
  }
  for (const file of files) {
    const to = join(stagingDir, ...file.split('/'));
    await mkdir(dirname(to), { recursive: true });
    await writeExclusive(to, await readFile(join(source, ...file.split('/'))));
  }
  return { dir: stagingDir, files, totalBytes, sha256: await treeHash(stagingDir, files) };
}

/** Walks a folder; links, devices and sockets are refused rather than followed. */
async function listFolder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (rel === 'node_modules' || rel.startsWith('node_modules/')) continue;
      const reason = unsafePathReason(rel);
      if (reason) throw new PackageError(`Package entry "${rel}" ${reason}.`);
      if (entry.isSymbolicLink()) throw new PackageError(`Package entry "${rel}" is a symbolic link; packages may hold only regular files.`);
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile()) out.push(rel);
      else throw new PackageError(`Package entry "${rel}" is a device, socket or pipe; packages may hold only regular files.`);
      if (out.length > PACKAGE_LIMITS.maxEntries) throw new PackageError(`The package has more than ${PACKAGE_LIMITS.maxEntries} files.`);
    }
  };
  await walk(root);
  return out.sort();
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(new PackageError(`The .nxmod file is truncated or damaged: ${(err?.message ?? 'unknown error').replace(/\.+$/, '')}.`));
      else resolve(zip);
    });
  });
}

/** First four bytes of a zip: a local file header, or the end record of an empty archive. */
const ZIP_SIGNATURES = [0x04034b50, 0x06054b50];

async function extractArchive(file: string, stagingDir: string): Promise<ExtractedPackage> {
  const data = await readFile(file);
  if (data.length < 4 || !ZIP_SIGNATURES.includes(data.readUInt32LE(0))) {
    throw new PackageError(`${file} is not a .nxmod file: a .nxmod is a zip archive of a module folder (nxforge module pack DIR makes one).`);
  }
  const fileSha = createHash('sha256').update(data).digest('hex');
  const zip = await openZip(file);
  const files: string[] = [];
  const seen = new Set<string>();
  let totalBytes = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string): void => reject(new PackageError(message));
      zip.on('error', (err: Error) => {
        // yauzl refuses absolute, '..' and backslash names itself, before an entry reaches the checks below.
        const name = /^(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/s.exec(err.message)?.[1];
        const reason = name === undefined ? null : unsafePathReason(name);
        fail(name !== undefined && reason ? `Package entry "${name}" ${reason}.` : `The .nxmod file is damaged: ${err.message}.`);
      });
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          count += 1;
          if (count > PACKAGE_LIMITS.maxEntries) return fail(`The package has more than ${PACKAGE_LIMITS.maxEntries} entries.`);
          const name = entry.fileName;
          const reason = unsafePathReason(name);
          if (reason) return fail(`Package entry "${name}" ${reason}.`);
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          const isDir = name.endsWith('/');
          if (mode === S_IFLNK) return fail(`Package entry "${name}" is a symbolic link; packages may hold only regular files.`);
          if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) return fail(`Package entry "${name}" is a device, socket or pipe; packages may hold only regular files.`);
          if (entry.isEncrypted()) return fail(`Package entry "${name}" is encrypted.`);
          const key = name.replace(/\/$/, '').toLowerCase();
          if (seen.has(key)) return fail(`Package entry "${name}" appears twice.`);
          seen.add(key);
          if (isDir) {
            await mkdir(join(stagingDir, ...name.slice(0, -1).split('/')), { recursive: true });
            zip.readEntry();
            return;
          }
          if (entry.uncompressedSize > PACKAGE_LIMITS.maxFileBytes) return fail(`Package entry "${name}" is larger than ${PACKAGE_LIMITS.maxFileBytes} bytes.`);
          const target = join(stagingDir, ...name.split('/'));
          await mkdir(dirname(target), { recursive: true });
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) =>
            zip.openReadStream(entry, (err, s) => (err || !s ? rej(err ?? new Error('no stream')) : res(s))),
          );
          // Count real bytes: sizes in the zip header may lie (zip bombs).
          const counter = new Transform({
            transform(chunk: Buffer, _enc, done) {
              totalBytes += chunk.length;
              if (totalBytes > PACKAGE_LIMITS.maxTotalBytes) done(new PackageError(`The package unpacks to more than ${PACKAGE_LIMITS.maxTotalBytes} bytes.`));
              else done(null, chunk);
            },
          });
          await pipeline(stream, counter, createWriteStream(target, { flags: 'wx' })).catch((err: unknown) => {
            // yauzl stops an entry that inflates past the size its header declares: a zip bomb's lie.
            if (err instanceof Error && err.message.startsWith('too many bytes in the stream')) {
              throw new PackageError(`Package entry "${name}" unpacks to more than the ${entry.uncompressedSize} bytes its header declares; the package is refused.`);
            }
            throw err;
          });
          files.push(name);
          zip.readEntry();
        })().catch((err: unknown) => reject(err instanceof PackageError ? err : new PackageError(`Cannot extract the package: ${(err as Error).message}.`)));
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { dir: stagingDir, files: files.sort(), totalBytes, sha256: fileSha };
}

async function writeExclusive(path: string, data: Buffer): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/** A stable digest of a folder package: every path and its bytes, in name order. */
async function treeHash(dir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    const data = await readFile(join(dir, ...file.split('/')));
    hash.update(file).update('\0').update(String(data.length)).update('\0').update(data);
  }
  return hash.digest('hex');
}

/** What `nxforge module pack` puts in a .nxmod: the manifest, built code, migrations and assets. */
export const PACK_INCLUDE = [/^manifest\.json$/, /^dist\//, /^migrations\//, /^assets\//, /^(README|LICENSE|CHANGELOG)(\.[a-z]+)?$/i];

/** Writes a .nxmod (zip) of a module folder, deterministic for the same files; returns its sha256. */
export async function packFolder(dir: string, outFile: string): Promise<{ sha256: string; files: string[]; bytes: number }> {
  const files = (await listFolder(dir)).filter((f) => PACK_INCLUDE.some((re) => re.test(f)));
  if (!files.includes('manifest.json')) throw new PackageError(`${dir} has no manifest.json at its top.`);
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2020, 0, 1));
  for (const file of files) {
    zip.addBuffer(await readFile(join(dir, ...file.split('/'))), file, { mtime, mode: 0o100644, compress: true });
  }
  zip.end();
  await mkdir(dirname(outFile), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(outFile));
  const data = await readFile(outFile);
  return { sha256: createHash('sha256').update(data).digest('hex'), files, bytes: data.length };
}
