/**
 * A tiny PNG encoder for the decision-boundary images: RGBA, one zlib stream of stored (uncompressed) deflate blocks,
 * so no compressor is needed (32×32 pixels are ~4 KB). Written into one preallocated buffer: a live figure encodes
 * these while the page must stay responsive.
 */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const STORED_BLOCK = 65535;

class Writer {
  readonly bytes: Uint8Array;
  pos = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }
  u8(...v: number[]): void {
    for (const x of v) this.bytes[this.pos++] = x;
  }
  u32(v: number): void {
    this.u8((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  }
  /** A chunk: length, type, data (written by `body`), and the CRC of type and data. */
  chunk(type: string, length: number, body: () => void): void {
    this.u32(length);
    const start = this.pos;
    for (let i = 0; i < 4; i++) this.bytes[this.pos++] = type.charCodeAt(i);
    body();
    this.u32(crc32(this.bytes.subarray(start, this.pos)));
  }
}

/** An RGBA image (rows top to bottom) as a PNG data URI. */
export function pngDataUri(width: number, height: number, rgba: Uint8Array): string {
  const row = 1 + 4 * width; // each scanline starts with its filter byte (0: none)
  const raw = new Uint8Array(height * row);
  for (let r = 0; r < height; r++) raw.set(rgba.subarray(r * 4 * width, (r + 1) * 4 * width), r * row + 1);
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK));
  const idat = 2 + 5 * blocks + raw.length + 4;
  const w = new Writer(8 + 25 + 12 + idat + 12);
  w.u8(137, 80, 78, 71, 13, 10, 26, 10);
  w.chunk('IHDR', 13, () => {
    w.u32(width);
    w.u32(height);
    w.u8(8, 6, 0, 0, 0);
  });
  w.chunk('IDAT', idat, () => {
    w.u8(0x78, 0x01);
    for (let b = 0; b < blocks; b++) {
      const pos = b * STORED_BLOCK;
      const len = Math.min(STORED_BLOCK, raw.length - pos);
      w.u8(b === blocks - 1 ? 1 : 0, len & 255, len >>> 8, ~len & 255, (~len >>> 8) & 255);
      w.bytes.set(raw.subarray(pos, pos + len), w.pos);
      w.pos += len;
    }
    w.u32(adler32(raw));
  });
  w.chunk('IEND', 0, () => undefined);
  let bin = '';
  for (let i = 0; i < w.bytes.length; i += 4096) bin += String.fromCharCode(...w.bytes.subarray(i, i + 4096));
  return `data:image/png;base64,${btoa(bin)}`;
}
