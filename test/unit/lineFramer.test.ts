import assert from 'node:assert/strict';
import { LineFramer } from '../../src/claude/lineFramer';

function frameAll(chunks: (string | Buffer)[]): string[] {
  const f = new LineFramer();
  const out: string[] = [];
  for (const c of chunks) out.push(...f.push(c));
  out.push(...f.end());
  return out;
}

describe('LineFramer', () => {
  it('splits on LF and tolerates CRLF and blank lines', () => {
    assert.deepEqual(frameAll(['{"a":1}\r\n\n{"b":2}\n', '\r\n', '   \n{"c":3}']), ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('joins lines split across chunks, including inside a UTF-8 sequence', () => {
    const line = Buffer.from('{"t":"héllo ✓ 😀"}\n', 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < line.length; i++) chunks.push(line.subarray(i, i + 1));
    assert.deepEqual(frameAll(chunks), ['{"t":"héllo ✓ 😀"}']);
  });

  it('handles a line over 10 MB delivered in 64 KB chunks', () => {
    const big = JSON.stringify({ type: 'assistant', text: 'x'.repeat(11 * 1024 * 1024) });
    const buf = Buffer.from(big + '\n{"after":true}\n');
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 65536) chunks.push(buf.subarray(i, i + 65536));
    const lines = frameAll(chunks);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].length, big.length);
    assert.equal(lines[1], '{"after":true}');
  });

  it('drops a line beyond its cap and recovers at the next line', () => {
    const sizes: number[] = [];
    const f = new LineFramer(1000, (n) => sizes.push(n));
    const out = [...f.push('y'.repeat(600)), ...f.push('y'.repeat(600)), ...f.push('zzz\n{"ok":1}\n'), ...f.end()];
    assert.deepEqual(out, ['{"ok":1}']);
    assert.equal(sizes.length, 1);
  });

  it('never throws on random bytes and keeps every newline-separated piece', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 200; round++) {
      const bytes = Buffer.alloc(Math.floor(rnd() * 4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
      const f = new LineFramer();
      let count = 0;
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(rnd() * 300);
        count += f.push(bytes.subarray(i, i + n)).length;
        i += n;
      }
      count += f.end().length;
      const expected = bytes.toString('utf8').split('\n').filter((l) => l.replace(/\r$/, '').trim().length > 0).length;
      assert.equal(count, expected);
    }
  });
});
