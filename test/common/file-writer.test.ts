import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileWriter } from '../../src/common/file-writer';

describe('FileWriter', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-writer-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (i: number) => path.join(dir, `f${i}.yaml`);

  test('up to the threshold, each file is written before write() returns', () => {
    const writer = new FileWriter(3);
    for (let i = 0; i < 3; i++) {
      writer.write(file(i), `text ${i}`);
      expect(fs.readFileSync(file(i), 'utf8')).toBe(`text ${i}`);
    }
    writer.finish();
  });

  test('past it, every file is written by the time finish() returns, in the order given', () => {
    const writer = new FileWriter(5);
    for (let i = 0; i < 300; i++) writer.write(file(i), `text ${i}\n`.repeat(i % 7));
    // one file written again and again, in place and on the thread: the last text wins, as with writes in turn
    for (let n = 0; n < 20; n++) writer.write(file(0), `version ${n}`);
    writer.finish();
    for (let i = 1; i < 300; i++) expect(fs.readFileSync(file(i), 'utf8')).toBe(`text ${i}\n`.repeat(i % 7));
    expect(fs.readFileSync(file(0), 'utf8')).toBe('version 19');
  });

  test('fails: a write in place throws at once', () => {
    const writer = new FileWriter(10);
    expect(() => writer.write(path.join(dir, 'missing', 'x.yaml'), 'x')).toThrow(/ENOENT/);
  });

  test('fails: a background write\'s error is thrown by finish(), with its code, and nothing after it is written', () => {
    const writer = new FileWriter(0);
    writer.write(file(1), 'one');
    writer.write(path.join(dir, 'missing', 'x.yaml'), 'x');
    writer.write(file(2), 'two');
    let error: any;
    try {
      writer.finish();
    } catch (e) {
      error = e;
    }
    expect(error?.message).toMatch(/ENOENT/);
    expect(error?.code).toBe('ENOENT');
    expect(fs.readFileSync(file(1), 'utf8')).toBe('one');
    expect(fs.existsSync(file(2))).toBe(false);
  });

  test('finish() without writes, and twice, returns', () => {
    const writer = new FileWriter(0);
    writer.finish();
    writer.write(file(1), 'one');
    writer.finish();
    writer.finish();
    expect(fs.readFileSync(file(1), 'utf8')).toBe('one');
  });

  describe('reserve', () => {
    const contents = () => Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

    test('written reservations hold their text; unwritten ones are deleted; existing files are left as they are', () => {
      fs.writeFileSync(file(1), 'stale, written again');
      fs.writeFileSync(file(2), 'stale, not written');
      const writer = new FileWriter(0);
      writer.reserve([0, 1, 2, 3, 4].map(file));
      // the reservations exist before any write (the point of them: created while the App is validated)
      writer.write(file(0), 'zero');
      writer.write(file(1), 'one');
      writer.write(file(5), 'five, not reserved');
      writer.finish();
      expect(contents()).toEqual({ 'f0.yaml': 'zero', 'f1.yaml': 'one', 'f2.yaml': 'stale, not written', 'f5.yaml': 'five, not reserved' });
    });

    test('abort() deletes every unwritten reservation and keeps what was written', () => {
      fs.writeFileSync(file(9), 'stale');
      const writer = new FileWriter(0);
      writer.reserve([...[0, 1, 2].map(file), file(9)]);
      writer.write(file(0), 'zero');
      writer.abort();
      expect(contents()).toEqual({ 'f0.yaml': 'zero', 'f9.yaml': 'stale' });
    });

    test('a reservation that cannot be created fails only when written; a failed write leaves no empty file', () => {
      const missing = path.join(dir, 'missing', 'x.yaml');
      const writer = new FileWriter(0);
      writer.reserve([missing, file(0), file(1)]);
      writer.write(missing, 'x');
      writer.write(file(0), 'zero');
      expect(() => writer.finish()).toThrow(/ENOENT/);
      // the writes after the failure are not made, and their reservations are deleted
      expect(contents()).toEqual({});
    });

    test('once files are reserved, every write goes through the writer thread, in order', () => {
      const writer = new FileWriter(100);
      const names = Array.from({ length: 50 }, (_, i) => file(i));
      writer.reserve(names);
      // written later from the caller's thread: the queue keeps the order, so each lands after its reservation
      names.forEach((f, i) => writer.write(f, `text ${i}`));
      writer.finish();
      names.forEach((f, i) => expect(fs.readFileSync(f, 'utf8')).toBe(`text ${i}`));
      expect(fs.readdirSync(dir)).toHaveLength(50);
    });
  });
});
