// Reads a .vsix (a zip) without a dependency: the central directory gives each entry's name and
// size, and an entry's bytes come from its local header (stored or deflated, the two vsce writes).
import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * Every entry of the zip, in order.
 * @param {string} file
 * @returns {Promise<{name: string, size: number, compressedSize: number, read: () => Buffer}[]>}
 */
export async function listVsix(file) {
  const buf = fs.readFileSync(file);
  // The end-of-central-directory record is in the last 64 KB + 22 bytes (the comment is at most 64 KB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory at byte ${at}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const read = () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${file}: ${name} uses zip method ${method}, which this reader does not know`);
    };
    entries.push({ name, size, compressedSize, read });
  }
  return entries;
}
